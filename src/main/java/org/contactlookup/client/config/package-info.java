/**
 * A connection and everything it is configured with: the connection file
 * ({@link org.contactlookup.client.config.ConnectionFile}), the
 * {@link org.contactlookup.client.config.Connection} it gives, its
 * {@link org.contactlookup.client.config.CallPolicy} and rate limits, its keys
 * ({@link org.contactlookup.client.config.Secret}, {@link org.contactlookup.client.config.SecretSource}),
 * and the checks an address must pass. Immutable and validated as it is built.
 */
package org.contactlookup.client.config;
