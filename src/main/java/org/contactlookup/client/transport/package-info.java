/**
 * The one HTTP engine per connection (kept-alive connections, whole-call time limits, bounded
 * answers; it only sends), its trust material, the client's clock and waits ({@code Scheduler},
 * with {@code Timer} the real one, owning every thread), what went wrong on the way
 * ({@code Failures}), and the bridges between futures and the client's exceptions. Not an API.
 */
package org.contactlookup.client.transport;
