package org.contactlookup.client.config;

import java.util.Optional;

/**
 * Whether an address can be sent as a lookup at all, whatever the protocol: not blank, no
 * longer than the RFC 5321 path limit, no control characters. Each protocol adds its own rules in
 * {@code ContactLookup.problemWith}.
 */
public final class EmailCheck {
    /** The longest email address a form or the API accepts (RFC 5321 path limit). */
    public static final int MAX_LENGTH = 254;

    private EmailCheck() {
    }

    /** Why {@code email} cannot be looked up, in words fit for a page; empty when it can. */
    public static Optional<String> problem(String email) {
        if (email == null || email.isBlank()) {
            return Optional.of("the address is blank");
        }
        if (email.length() > MAX_LENGTH) {
            return Optional.of("the address is longer than " + MAX_LENGTH + " characters");
        }
        if (email.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("the address contains a control character");
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with {@code problem}'s words, for callers that must not send it. */
    public static void require(Optional<String> problem) {
        problem.ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }
}
