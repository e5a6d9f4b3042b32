package org.contactlookup.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * For load balancers: 200 once the connection check has passed, 503 while it has not (not set
 * up, still checking, or failed). The body says which in a few words, never more.
 */
@WebServlet(name = "health", urlPatterns = "/health")
public final class HealthServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ContactDirectory directory = (ContactDirectory) getServletContext().getAttribute(ContactDirectory.ATTRIBUTE);
        ConnectionStatus status = directory == null
                ? new ConnectionStatus(ConnectionStatus.State.NOT_CONFIGURED, "not started") : directory.status();
        response.setStatus(status.connected() ? 200 : 503);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"status\":\"" + (status.connected() ? "UP" : "DOWN") + "\",\"connection\":\""
                + status.summary().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
    }
}
