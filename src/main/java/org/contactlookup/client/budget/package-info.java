/**
 * Where a connection's rate limits are kept and spent:
 * {@link org.contactlookup.client.budget.BudgetStore} hands each client a
 * {@link org.contactlookup.client.budget.Budget}, exact sliding windows in this JVM's memory
 * ({@code Limiter}) or in a Redis shared by every node ({@code RedisBudget}, with
 * {@code SharedBudget} falling back to this node's share while Redis cannot be reached). The
 * Redis connection itself is in {@code client.redis}.
 */
package org.contactlookup.client.budget;
