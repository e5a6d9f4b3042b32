/**
 * What a call to Infusionsoft can fail with, over either protocol: one sealed family under
 * {@link org.contactlookup.client.errors.InfusionsoftException}. Messages never hold a key, a
 * token or a whole email address.
 */
package org.contactlookup.client.errors;
