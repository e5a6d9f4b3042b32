/**
 * How one call is made, whatever the protocol: {@code CallChain.assemble} puts the steps in their
 * order (log the outcome, keep the deadline, retry reads, take a permit from the budget, add the
 * credentials and try once more after a 401, send one attempt), and {@code LookupCoalescer} sits
 * in front of lookups (the optional cache, shared identical lookups, the cap on those in flight).
 * Not an API.
 */
package org.contactlookup.client.chain;
