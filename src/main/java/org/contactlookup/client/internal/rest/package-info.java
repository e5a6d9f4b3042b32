/**
 * Internal: the lookup over Keap's REST v2 API, with the guide's field names mapped to REST's
 * and both of Keap's JSON error shapes read. Reached through
 * {@link org.contactlookup.client.ContactLookup#create}; not an API.
 */
package org.contactlookup.client.internal.rest;
