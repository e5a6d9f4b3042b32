package org.contactlookup.web;

import java.util.List;

/**
 * Requests Tomcat refuses, each with the status it answers: before the app sees them
 * ({@link #all}), or inside the app before any of its filters ({@link #refusedInsideTheApp}).
 * Shared by the embedded test ({@link ContainerPagesTest}) and the real Tomcat 10.1
 * ({@link TomcatDeploymentIT}).
 */
final class MalformedRequests {
    /** One malformed request and the status line Tomcat answers it with. */
    record Malformed(String what, String request, int status, String reason) {
        /** How Tomcat's ErrorReportValve ends its page when it shows no report and no server version. */
        String pageEnd() {
            return "<body><h1>HTTP Status " + status + " – " + reason + "</h1></body></html>";
        }

        @Override
        public String toString() {
            return what;
        }
    }

    /** A request Tomcat refuses inside the app, and the sentence of the app's error page for it. */
    record Refused(String what, String request, int status, String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    private MalformedRequests() {
    }

    /** TRACE, the app's private folders, and more cookies than Tomcat takes. */
    static List<Refused> refusedInsideTheApp(String appPath) {
        StringBuilder cookies = new StringBuilder("Cookie: ");
        for (int i = 0; i < 201; i++) {
            cookies.append(i == 0 ? "" : "; ").append("c").append(i).append("=v");
        }
        return List.of(
                new Refused("TRACE", "TRACE " + appPath + "/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 405,
                        "This page does not accept that kind of request."),
                new Refused("/WEB-INF/x", RawHttp.get(appPath + "/WEB-INF/x", ""), 404, "There is no page at this address."),
                new Refused("/META-INF/x", RawHttp.get(appPath + "/META-INF/x", ""), 404, "There is no page at this address."),
                new Refused("201 cookies", RawHttp.get(appPath + "/", cookies + "\r\n"), 400, "The request could not be understood."));
    }

    /** The requests, aimed at the app at {@code appPath} ("" for the root, or "/name") where a path matters. */
    static List<Malformed> all(String appPath) {
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            manyHeaders.append("X-Header-").append(i).append(": ").append(i).append("\r\n");
        }
        String host = "Host: localhost\r\nConnection: close\r\n";
        return List.of(
                new Malformed("/..;/", RawHttp.get("/..;/", ""), 400, "Bad Request"),
                new Malformed("/%2e%2e/", RawHttp.get("/%2e%2e/", ""), 400, "Bad Request"),
                new Malformed("/<x>", RawHttp.get(appPath + "/<x>", ""), 400, "Bad Request"),
                new Malformed("a header over 8 KB", RawHttp.get(appPath + "/", "X-Big: " + "a".repeat(9000) + "\r\n"), 400, "Bad Request"),
                new Malformed("101 headers", RawHttp.get(appPath + "/", manyHeaders.toString()), 400, "Bad Request"),
                new Malformed("HTTP/2.0 request line", "GET " + appPath + "/ HTTP/2.0\r\n" + host + "\r\n", 505, "HTTP Version Not Supported"),
                new Malformed("Transfer-Encoding: gzip", "POST " + appPath + "/ HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n",
                        501, "Not Implemented"),
                new Malformed("Expect: foo", "POST " + appPath + "/ HTTP/1.1\r\n" + host + "Expect: foo\r\nContent-Length: 3\r\n\r\nabc",
                        417, "Expectation Failed"),
                new Malformed("Content-Length: -1", "POST " + appPath + "/ HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n",
                        400, "Bad Request"));
    }
}
