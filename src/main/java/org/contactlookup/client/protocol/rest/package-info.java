/**
 * Keap's REST v2 API: the guide's field names mapped to REST's, and both of Keap's JSON error
 * shapes read. Used by the REST lookup in {@code client}; not an API.
 */
package org.contactlookup.client.protocol.rest;
