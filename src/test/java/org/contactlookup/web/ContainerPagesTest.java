package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.contactlookup.launcher.EmbeddedTomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What comes back, over a raw socket, for requests that Tomcat itself refuses or answers: the
 * app in embedded Tomcat at the root path, as the launcher runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerPagesTest {
    static final Map<String, String> SECURITY_HEADERS = securityHeaders();

    private EmbeddedTomcat tomcat;

    private static Map<String, String> securityHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        return headers;
    }

    @BeforeAll
    void start() throws Exception {
        tomcat = EmbeddedTomcat.start(0, "", Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        tomcat.close();
    }

    static Stream<MalformedRequests.Malformed> malformed() {
        return MalformedRequests.all("").stream();
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedRequestGetsAContainerPageWithoutVersionOrStackTrace(MalformedRequests.Malformed request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(tomcat.port(), request.request());
        assertEquals(request.status(), answer.status(), answer.all());
        assertTrue(answer.body().endsWith(request.pageEnd()), answer.all());
        assertFalse(answer.all().contains("Tomcat"), answer.all());
        assertFalse(answer.all().contains("Exception") || answer.all().contains(".java:"), answer.all());
    }

    @Test
    void malformedRequestsLeaveNoStackTraceInTheLog() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        // A Tomcat of its own: its parser logs only the first malformed request at INFO, the rest at FINE.
        try (EmbeddedTomcat fresh = EmbeddedTomcat.start(0, "", Map.of())) {
            for (MalformedRequests.Malformed request : MalformedRequests.all("")) {
                RawHttp.send(fresh.port(), request.request());
            }
        } finally {
            root.removeHandler(handler);
        }
        List<String> traces = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.getThrown() != null || String.valueOf(r.getMessage()).contains("Error parsing HTTP request")) {
                traces.add(r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage() + " " + r.getThrown());
            }
        }
        assertEquals(List.of(), traces);
    }

    @Test
    void teGzipIsServedByTheAppWithItsHeaders() throws Exception {
        RawHttp.Answer answer = RawHttp.send(tomcat.port(), RawHttp.get("/", "TE: gzip\r\n"));
        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("<title>Look up a contact · Contact lookup</title>"), answer.body());
        SECURITY_HEADERS.forEach((name, value) -> assertEquals(value, answer.header(name).orElse(null), name));
    }

    static Stream<MalformedRequests.Refused> refusedInsideTheApp() {
        return MalformedRequests.refusedInsideTheApp("").stream();
    }

    @ParameterizedTest
    @MethodSource("refusedInsideTheApp")
    void errorPagesOfRequestsRefusedInsideTheAppCarryTheSecurityHeaders(MalformedRequests.Refused request) throws Exception {
        RawHttp.Answer answer = RawHttp.send(tomcat.port(), request.request());
        assertEquals(request.status(), answer.status(), answer.all());
        assertTrue(answer.body().contains("<title>Error " + request.status() + " · Contact lookup</title>"), answer.all());
        assertTrue(answer.body().contains("<p class=\"problem\" role=\"alert\">" + request.message() + "</p>"), answer.all());
        SECURITY_HEADERS.forEach((name, value) -> assertEquals(value, answer.header(name).orElse(null), request + ": " + name));
    }

    @Test
    void securityHeadersFilterTakesAsyncRequestsAndErrorDispatches() {
        FilterDef definition = tomcat.context().findFilterDef("securityHeaders");
        assertEquals("true", definition.getAsyncSupported());
        FilterMap mapping = Stream.of(tomcat.context().findFilterMaps())
                .filter(m -> m.getFilterName().equals("securityHeaders")).findFirst().orElseThrow();
        assertEquals(Set.of("REQUEST", "ASYNC", "ERROR"), Set.of(mapping.getDispatcherNames()));
        assertEquals(List.of("/*"), List.of(mapping.getURLPatterns()));
    }
}
