package org.contactlookup.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.contactlookup.client.config.Secret;
import org.contactlookup.web.SignedTokens.Verdict;
import org.contactlookup.testing.HandClock;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Duration LIFETIME = Duration.ofHours(4);

    private final HandClock clock = new HandClock(Instant.parse("2026-11-28T08:00:00Z"));
    private final SignedTokens tokens = new SignedTokens(() -> KEY, LIFETIME, clock);

    @Test
    void tokenCarriesItsIssueTimeAndOnlyUrlAndCookieSafeCharacters() {
        String token = tokens.issue();
        assertTrue(token.matches("1795852800\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"), token);
        assertNotEquals(token, tokens.issue(), "each token has its own nonce");
    }

    @Test
    void tokenIsValidForItsLifetimeAndExpiredAfter() {
        String token = tokens.issue();
        assertEquals(Verdict.VALID, tokens.verify(token));
        clock.set(clock.instant().plus(LIFETIME));
        assertEquals(Verdict.VALID, tokens.verify(token));
        clock.set(clock.instant().plusSeconds(1));
        assertEquals(Verdict.EXPIRED, tokens.verify(token));
    }

    @Test
    void forgedValuesAreInvalid() {
        assertEquals(Verdict.INVALID, tokens.verify("A".repeat(43)));
        assertEquals(Verdict.INVALID, tokens.verify("1795852800." + "A".repeat(22) + "." + "A".repeat(43)));
        assertEquals(Verdict.INVALID, tokens.verify(""));
        assertEquals(Verdict.INVALID, tokens.verify(null));
    }

    @Test
    void changingTheIssueTimeBreaksTheSignature() {
        String token = tokens.issue();
        String later = "1795852801" + token.substring("1795852800".length());
        assertEquals(Verdict.INVALID, tokens.verify(later));
    }

    @Test
    void anotherMacEncodingOfTheSameBytesIsInvalid() {
        String token = tokens.issue();
        char last = token.charAt(token.length() - 1);
        // The last of 43 base64 characters carries 2 unused bits: flipping one keeps the bytes the same.
        String base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = base64.charAt(base64.indexOf(last) ^ 1);
        assertEquals(Verdict.INVALID, tokens.verify(token.substring(0, token.length() - 1) + sibling));
    }

    @Test
    void tokenSignedWithAnotherKeyIsInvalid() {
        SignedTokens other = new SignedTokens(() -> "another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII), LIFETIME, clock);
        assertEquals(Verdict.INVALID, tokens.verify(other.issue()));
    }

    @Test
    void derivedKeyIsHmacSha256KeyedByTheSecret() {
        // RFC 4231, test case 2.
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                HexFormat.of().formatHex(Secret.of("Jefe").derive("what do ya want for nothing?")));
    }

    @Test
    void nodesDerivingTheKeyFromOneSecretAcceptEachOthersTokens() {
        Secret key = Secret.of("KeapAK-shared-by-every-node");
        SignedTokens nodeA = new SignedTokens(() -> key.derive(CsrfTokens.KEY_PURPOSE), LIFETIME, clock);
        SignedTokens nodeB = new SignedTokens(() -> Secret.of("KeapAK-shared-by-every-node").derive(CsrfTokens.KEY_PURPOSE), LIFETIME, clock);
        assertEquals(Verdict.VALID, nodeB.verify(nodeA.issue()));
    }

    @Test
    void tokenFromANodeAheadWithinTheClockSkewIsValidBeyondItInvalid() {
        String token = tokens.issue();
        clock.set(clock.instant().minus(SignedTokens.CLOCK_SKEW));
        assertEquals(Verdict.VALID, tokens.verify(token));
        clock.set(clock.instant().minusSeconds(1));
        assertEquals(Verdict.INVALID, tokens.verify(token));
    }

    @Test
    void tokenIsHandedOutAgainUntilHalfItsLifetimeHasPassed() {
        String token = tokens.issue();
        clock.set(clock.instant().plus(LIFETIME.dividedBy(2)).minusSeconds(1));
        assertTrue(tokens.isFresh(token));
        clock.set(clock.instant().plusSeconds(1));
        assertFalse(tokens.isFresh(token));
        assertFalse(tokens.isFresh("A".repeat(43)));
    }
}
