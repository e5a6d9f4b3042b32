/**
 * Apache XML-RPC used to write requests and read answers, with the library's known holes closed
 * (no DOCTYPE, no {@code faultCause} deserialization, no extensions). Not an API.
 */
package org.contactlookup.client.protocol.xmlrpc;
