package org.contactlookup.sandbox;

/**
 * One set of API quotas, as Keap's gateway keeps them for a kind of credential: at most
 * {@code perSecond} calls in any second (the spike arrest, counted as a sliding count) and
 * {@code perMinute} in any minute, and at most {@code perDay} in a UTC day, reset at 00:00 UTC
 * (0 for no day quota).
 *
 * @throws IllegalArgumentException when a count is out of range, naming it and its value
 */
record Quota(int perSecond, int perMinute, int perDay) {
    /** Keap's documented limits for API keys (PAT and SAK): the day and the minute are the account's. */
    static final Quota KEAP_KEYS = new Quota(10, 240, 30_000);
    /** Keap's documented limits for OAuth2 access tokens: the default 25/s spike arrest, 1,500/min, 150,000/day. */
    static final Quota KEAP_OAUTH2 = new Quota(25, 1500, 150_000);

    /**
     * The limits a client should keep to so that neither this sandbox nor Keap refuses it: each
     * of {@code keap}'s, or this quota's where it is stricter; a day quota where either has one.
     */
    Quota within(Quota keap) {
        int day = perDay == 0 ? keap.perDay : keap.perDay == 0 ? perDay : Math.min(perDay, keap.perDay);
        return new Quota(Math.min(perSecond, keap.perSecond), Math.min(perMinute, keap.perMinute), day);
    }

    /** The quota as a connection file's {@code limits} value, such as {@code 25/s, 1500/min, 150000/day}. */
    String limits() {
        return perSecond + "/s, " + perMinute + "/min" + (perDay == 0 ? "" : ", " + perDay + "/day");
    }

    Quota {
        if (perSecond < 1) {
            throw new IllegalArgumentException("calls per second must be at least 1, not " + perSecond);
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("calls per minute must be at least 1, not " + perMinute);
        }
        if (perDay < 0) {
            throw new IllegalArgumentException("calls per day must be 0 (none) or more, not " + perDay);
        }
    }
}
