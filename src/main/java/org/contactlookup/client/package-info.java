/**
 * The Infusionsoft (Keap) client, the Java counterpart of the PHP iSDK. What a user calls lives
 * here: {@link org.contactlookup.client.ContactLookup} and
 * {@link org.contactlookup.client.InfusionsoftClient}. The packages below it form layers, each
 * using only the ones under it (checked by {@code ClientLayersTest}):
 * {@code protocol.xmlrpc} and {@code protocol.rest} (requests and answers of each API),
 * {@code oauth} (all of OAuth2), {@code chain} (how one call is made under the policy),
 * {@code budget} (the rate limits, in memory or Redis), {@code transport} (the HTTP engine),
 * {@code redis} (the Redis connection budgets and tokens share), {@code config} (the connection
 * and its settings, with {@link org.contactlookup.client.config.ConnectionFile}) and
 * {@code errors} (what a call can fail with). Classes in the lower layers are public so that the
 * layers above can reach them, not as an API.
 */
package org.contactlookup.client;
