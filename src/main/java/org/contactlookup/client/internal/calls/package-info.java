/**
 * Internal: the call policy every call goes through, whatever the protocol: a permit from the
 * budget, retries for reads within the deadline ({@code CallRunner}), and for lookups the cap on
 * those in flight, shared identical lookups and the optional cache ({@code LookupCoalescer}).
 * Not an API.
 */
package org.contactlookup.client.internal.calls;
