/**
 * Internal: the one HTTP engine per connection (kept-alive connections, whole-call time limits,
 * bounded answers), its trust material, and the bridges between futures and the client's
 * exceptions. Not an API.
 */
package org.contactlookup.client.internal.http;
