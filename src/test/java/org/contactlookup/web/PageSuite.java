package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * What every suite of page tests shares: the app in embedded Tomcat against a sandbox, started
 * once per class and connected, and a visitor who has just opened the form before each test.
 * Each suite runs once per protocol, its subclasses naming the sandbox connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PageSuite {
    AppUnderTest app;
    WebSession session;

    /** The sandbox connection the app uses. */
    abstract String connection();

    /** Lines added to the connection file; none by default. */
    String[] connectionSettings() {
        return new String[0];
    }

    @BeforeAll
    void startApp() throws Exception {
        app = AppUnderTest.start(connection(), connectionSettings());
        AppUnderTest.awaitHealth(app.tomcat, 200);
    }

    @AfterAll
    void stopApp() throws Exception {
        app.close();
    }

    @BeforeEach
    void openForm() throws Exception {
        app.sandbox.clearFaults();
        session = new WebSession(app.tomcat.base());
        assertEquals(200, session.openForm().statusCode());
        app.sandbox.clearCalls();
    }
}
