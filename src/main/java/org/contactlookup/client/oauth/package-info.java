/**
 * All of OAuth2 for a connection that refreshes its own tokens: the token pair
 * ({@link org.contactlookup.client.oauth.Tokens}), where it is kept (a file, or Redis shared by
 * every node), the token endpoint, the source that refreshes it on time, once at a time, under a
 * lease ({@code TokenSource}), and the command that authorizes the application
 * ({@link org.contactlookup.client.oauth.Authorize}).
 */
package org.contactlookup.client.oauth;
