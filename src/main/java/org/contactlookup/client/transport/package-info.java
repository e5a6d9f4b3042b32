/**
 * The one HTTP engine per connection (kept-alive connections, whole-call time limits, bounded
 * answers), its trust material, what went wrong on the way ({@code Failures}), and the bridges
 * between futures and the client's exceptions. Not an API.
 */
package org.contactlookup.client.transport;
