/**
 * Internal: the memcached tier: the spymemcached client behind its circuit breaker and timeouts, the per-cache adapter
 * (namespace versioning, keys, frames, per-server counting) and the outage log. Not API.
 */
package io.glasscache.cache.l2;
