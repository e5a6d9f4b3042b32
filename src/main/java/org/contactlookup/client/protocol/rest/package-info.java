/**
 * Keap's REST v2 API ({@code RestContactApi}): the contact list filtered by address and paged,
 * the guide's field names mapped to REST's ({@code RestFields}), and both of Keap's JSON error
 * shapes read ({@code RestErrors}). Not an API: reached through {@code ContactLookup.create}.
 */
package org.contactlookup.client.protocol.rest;
