/**
 * What a call to Infusionsoft can fail with, over either protocol: one family under
 * {@link org.contactlookup.client.errors.InfusionsoftException}; and
 * {@link org.contactlookup.client.errors.LogSafe}, which shortens what a message or log line may
 * say. Messages never hold a key, a token or a whole email address. Depends on nothing else of ours.
 */
package org.contactlookup.client.errors;
