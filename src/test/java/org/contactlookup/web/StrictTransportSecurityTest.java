package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.catalina.Engine;
import org.apache.catalina.connector.Connector;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HSTS on secure requests only. The app runs in one Tomcat with two connectors: the plain one,
 * and one marked {@code secure="true" scheme="https"}, as Tomcat is set up behind a proxy that
 * ends TLS (the request is then secure to the app, exactly as over Tomcat's own HTTPS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictTransportSecurityTest {
    private EmbeddedTomcat tomcat;
    private Connector secure;

    @BeforeAll
    void start() throws Exception {
        tomcat = EmbeddedTomcat.start(0, "", Map.of());
        secure = new Connector("HTTP/1.1");
        secure.setPort(0);
        secure.setProperty("address", "127.0.0.1");
        secure.setSecure(true);
        secure.setScheme("https");
        ((Engine) tomcat.context().getParent().getParent()).getService().addConnector(secure);
    }

    @AfterAll
    void stop() throws Exception {
        tomcat.close();
    }

    record Request(String text, int status) {
    }

    /** The form, the stylesheet, a page of the app's own (404) and a request Tomcat refuses inside the app (TRACE). */
    static Stream<Request> requests() {
        return Stream.of(new Request(RawHttp.get("/", ""), 200), new Request(RawHttp.get("/static/style.css", ""), 200),
                new Request(RawHttp.get("/no-such-page", ""), 404),
                new Request("TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 405));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void aSecureRequestIsAnsweredWithStrictTransportSecurity(Request request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(secure.getLocalPort(), request.text());
        assertEquals(request.status(), answer.status(), answer.all());
        assertEquals(Optional.of("max-age=31536000"), answer.header("Strict-Transport-Security"), answer.all());
        assertEquals(1, answer.headers().stream().filter(h -> h.regionMatches(true, 0, "Strict-Transport-Security:", 0, 26)).count());
    }

    @ParameterizedTest
    @MethodSource("requests")
    void aPlainRequestIsAnsweredWithout(Request request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(tomcat.port(), request.text());
        assertEquals(request.status(), answer.status(), answer.all());
        assertEquals(Optional.empty(), answer.header("Strict-Transport-Security"), answer.all());
    }
}
