/**
 * How one call is made, whatever the protocol: a permit from the budget, retries for reads
 * within the deadline ({@code CallRunner}), the credentials with one more try after a 401
 * ({@code Credentials}), and for lookups the cap on those in flight, shared identical lookups and
 * the optional cache ({@code LookupCoalescer}). Not an API.
 */
package org.contactlookup.client.chain;
