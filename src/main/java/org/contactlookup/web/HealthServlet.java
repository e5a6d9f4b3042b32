package org.contactlookup.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.contactlookup.client.budget.BudgetState;
import org.contactlookup.client.budget.KeapCounts;
import org.contactlookup.client.oauth.TokenStatus;

/**
 * For load balancers: 200 once the connection check has passed (or could not be sent only
 * because the shared rate limit is spent, which no other node would change), 503 while it has
 * not (not set up, still checking, or failed). The body says which in a few words, the protocol,
 * where the rate limits are kept, and what is left of the longest quota and when the next call
 * is allowed (UTC), and what Keap itself last said the account has left (the day's calls and
 * when they reset, the minute's); for an OAuth2 connection that refreshes its own tokens, until when its access
 * token is valid, when it was last refreshed and how the last refresh went (a failed refresh
 * leaves the node up while the access token lasts); never a key, a token, a path or a server's message.
 *
 * <p>Those details go only to a client on loopback, or to a user in the role named by
 * {@value #DETAILS_ROLE} (none by default); anyone else gets {@code {"status":"UP"}} or
 * {@code {"status":"DOWN"}} with the same status code. Behind a proxy on the same host every
 * request comes from loopback unless Tomcat's {@code RemoteIpValve} gives it the client's address.
 */
@WebServlet(name = "health", urlPatterns = "/health")
public final class HealthServlet extends HttpServlet {
    /** The setting naming the role whose users may read the details from anywhere. */
    public static final String DETAILS_ROLE = "contactlookup.healthDetailsRole";

    private transient Optional<String> detailsRole;

    @Override
    public void init() {
        detailsRole = new Settings(getServletContext()).get(DETAILS_ROLE);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ContactDirectory directory = (ContactDirectory) getServletContext().getAttribute(ContactDirectory.ATTRIBUTE);
        ConnectionStatus status = directory == null
                ? new ConnectionStatus(ConnectionStatus.State.NOT_CONFIGURED, "not started") : directory.status();
        response.setStatus(status.connected() ? 200 : 503);
        response.setContentType("application/json;charset=UTF-8");
        if (!fromLoopback(request.getRemoteAddr()) && !detailsRole.map(request::isUserInRole).orElse(false)) {
            response.getWriter().write(status.connected() ? "{\"status\":\"UP\"}\n" : "{\"status\":\"DOWN\"}\n");
            return;
        }
        StringBuilder json = new StringBuilder("{\"status\":\"").append(status.connected() ? "UP" : "DOWN")
                .append("\",\"connection\":\"").append(escape(status.summary())).append('"');
        Optional<BudgetState> budget = directory == null ? Optional.empty() : directory.budget();
        if (budget.isPresent()) {
            json.append(",\"protocol\":\"").append(directory.protocol().orElseThrow().name().toLowerCase(Locale.ROOT))
                    .append("\",\"budget\":{\"keptIn\":\"").append(escape(budget.get().keptIn())).append('"');
            budget.get().longestQuota().ifPresent(quota -> json.append(",\"quota\":\"").append(quota.limit())
                    .append("\",\"left\":").append(quota.left())
                    .append(",\"nextAt\":\"").append(quota.nextAt().truncatedTo(ChronoUnit.SECONDS)).append('"'));
            budget.get().keap().ifPresent(keap -> appendKeap(json, keap));
            json.append('}');
        }
        Optional<TokenStatus> tokens = directory == null ? Optional.empty() : directory.tokens();
        tokens.ifPresent(t -> {
            json.append(",\"oauth\":{\"accessTokenValidUntil\":")
                    .append(t.accessTokenExpiresAt() == null ? "null" : "\"" + t.accessTokenExpiresAt().truncatedTo(ChronoUnit.SECONDS) + "\"")
                    .append(",\"lastRefresh\":")
                    .append(t.lastRefresh() == null ? "null" : "\"" + t.lastRefresh().truncatedTo(ChronoUnit.SECONDS) + "\"")
                    .append(",\"refresh\":\"")
                    .append(escape(t.lastProblem().map(FailurePage::tokenReason).orElse("ok"))).append("\"}");
        });
        response.getWriter().write(json.append("}\n").toString());
    }

    /** Whether {@code address} is a loopback literal (127.x, ::1, or ::ffff:127.x mapped). */
    static boolean fromLoopback(String address) {
        return ClientAddress.literal(address).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** What Keap itself said on its latest answer: the account's calls left, which other integrations spend too. */
    private static void appendKeap(StringBuilder json, KeapCounts keap) {
        json.append(",\"keap\":{");
        keap.dayLeft().ifPresent(left -> json.append("\"dayLeft\":").append(left).append(",\"dayResetsAt\":\"")
                .append(keap.dayResetsAt().truncatedTo(ChronoUnit.SECONDS)).append("\","));
        keap.minuteLeft().ifPresent(left -> json.append("\"minuteLeft\":").append(left).append(','));
        json.append("\"heardAt\":\"").append(keap.heardAt().truncatedTo(ChronoUnit.SECONDS)).append("\"}");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
