/**
 * The Infusionsoft (Keap) client, the Java counterpart of the PHP iSDK. What a user calls lives
 * here: {@link org.contactlookup.client.ContactLookup} and
 * {@link org.contactlookup.client.InfusionsoftClient}, the connection settings
 * ({@link org.contactlookup.client.ConnectionFile}, {@link org.contactlookup.client.Connection},
 * {@link org.contactlookup.client.CallPolicy}) and keys ({@link org.contactlookup.client.Secret},
 * {@link org.contactlookup.client.SecretSource}). The parts, each in its own package:
 * {@code errors} (what a call can fail with), {@code budget} (where the rate limits are kept:
 * memory or Redis), and {@code internal}: the HTTP engine, the call policy, the XML-RPC and the
 * REST protocols, public only so that the client's packages can reach each other, not an API.
 */
package org.contactlookup.client;
