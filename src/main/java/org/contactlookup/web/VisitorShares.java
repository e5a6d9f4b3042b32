package org.contactlookup.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.contactlookup.client.budget.VisitorBudget;
import org.contactlookup.client.config.RateLimit;
import org.contactlookup.client.config.Secret;
import org.contactlookup.client.errors.LogSafe;

/**
 * A fair share of the lookups for each visitor of the page, so that one visitor cannot spend the
 * budget everybody shares: past its share a visitor gets 429 and a page saying when it may look
 * up again, and nobody else notices. A visitor is the client address as Tomcat reports it (behind
 * a proxy, {@code RemoteIpValve} makes that the real client), an IPv6 address counted by its /64,
 * which one household or host usually holds whole. Its quotas ({@value #LIMITS}, default
 * {@value #DEFAULT_LIMITS}; {@code none} turns them off) are kept where the connection's budget
 * is, under an opaque id: an HMAC of the address with a key derived from the connection's key,
 * never the address itself. Refusals are logged at most once every {@value #LOG_EVERY_SECONDS} s,
 * with a count. Thread-safe.
 */
final class VisitorShares {
    static final String ATTRIBUTE = VisitorShares.class.getName();
    static final String LIMITS = "contactlookup.visitorLimits";
    static final String DEFAULT_LIMITS = "10/min, 200/day";
    static final long LOG_EVERY_SECONDS = 10;
    private static final String ID_PURPOSE = "contact-lookup visitor id v1";
    private static final Logger LOG = Logger.getLogger(LookupServlet.class.getName());

    private final VisitorBudget budget;
    private final FollowingKey idKey;
    private final SummedLine refusals = new SummedLine(LOG_EVERY_SECONDS);

    private VisitorShares(VisitorBudget budget, Supplier<Optional<Secret>> connectionKey) {
        this.budget = budget;
        this.idKey = new FollowingKey(connectionKey, ID_PURPOSE);
    }

    /** The shares the settings ask for, kept where {@code directory} keeps its budget; a broken setting keeps the default. */
    static VisitorShares create(Settings settings, ContactDirectory directory) {
        String value = settings.get(LIMITS).orElse(DEFAULT_LIMITS).trim();
        if (value.equalsIgnoreCase("none")) {
            LOG.info(() -> "visitors have no share of their own (" + LIMITS + " = none): one visitor can spend the whole budget");
            return new VisitorShares(null, directory::key);
        }
        List<RateLimit> quotas;
        try {
            quotas = parse(value);
        } catch (IllegalArgumentException e) {
            LOG.severe(LIMITS + " is ignored: " + e.getMessage() + "; each visitor may make " + DEFAULT_LIMITS);
            quotas = parse(DEFAULT_LIMITS);
        }
        return new VisitorShares(directory.visitors(quotas), directory::key);
    }

    private static List<RateLimit> parse(String value) {
        List<RateLimit> quotas = Stream.of(value.split(",")).map(String::trim).map(RateLimit::parse).toList();
        if (quotas.stream().anyMatch(RateLimit::isPool)) {
            throw new IllegalArgumentException("'" + value + "' holds a credit pool; a visitor's limits are quotas such as 10/min");
        }
        return quotas;
    }

    /** Takes one lookup from the visitor of {@code request}; the page to answer with when its share is spent. */
    Optional<FailurePage> admit(HttpServletRequest request) {
        if (budget == null) {
            return Optional.empty();
        }
        String address = visitorAddress(request.getRemoteAddr());
        Optional<Duration> wait = budget.take(id(address));
        wait.ifPresent(w -> refused(address, w));
        return wait.map(FailurePage::visitorOverShare);
    }

    /** The address that names a visitor: the address itself, or an IPv6 address's /64. */
    static String visitorAddress(String remoteAddr) {
        Optional<InetAddress> literal = ClientAddress.literal(remoteAddr);
        if (literal.isEmpty()) {
            return remoteAddr; // not a literal (a name a proxy forwarded): counted as it is, never looked up
        }
        InetAddress address = literal.get();
        if (address instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are always an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }

    private String id(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(idKey.get(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(address.getBytes(StandardCharsets.UTF_8)), 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private void refused(String address, Duration wait) {
        refusals.happened().ifPresent(count -> LOG.warning(() -> count + (count == 1 ? " lookup" : " lookups")
                + " refused for going over a visitor's share since the last such line; the latest from " + LogSafe.clean(address)
                + ", who may look up again in " + Math.max(1, wait.toSeconds()) + " s"));
    }
}
