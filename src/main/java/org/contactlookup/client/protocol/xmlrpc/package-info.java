/**
 * The legacy XML-RPC API as the iSDK speaks it ({@code XmlRpcContactApi}), over Apache XML-RPC
 * used to write requests and read answers ({@code XmlRpcCodec}), with the library's known holes
 * closed (no DOCTYPE, no {@code faultCause} deserialization, no extensions: {@code SecureXml})
 * and hardened parsers kept for the next answer ({@code ReaderPool}). Not an API.
 */
package org.contactlookup.client.protocol.xmlrpc;
