/**
 * The Redis that budgets and OAuth2 tokens share when several nodes run: one pooled connection
 * per application ({@code RedisStore}), the Lua scripts that make each read-modify-write one
 * atomic step, and the key fingerprints that name what is kept. Not an API.
 */
package org.contactlookup.client.redis;
