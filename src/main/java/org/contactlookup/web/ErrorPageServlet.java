package org.contactlookup.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The app's page for errors the container raises (an unknown path, a method the page does not
 * take, a crash): the status and a short sentence, never a stack trace or a server version.
 */
@WebServlet(name = "error", urlPatterns = "/error")
public final class ErrorPageServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        String message = switch (status) {
            case 404 -> "There is no page at this address.";
            case 405 -> "This page does not accept that kind of request.";
            case 400 -> "The request could not be understood.";
            default -> status >= 500 ? "Something went wrong on our side. Please try again later." : "The request was refused.";
        };
        LookupServlet.send(response, status, Pages.error(request.getContextPath(), "Error " + status, message, null));
    }
}
