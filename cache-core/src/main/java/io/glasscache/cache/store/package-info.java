/**
 * Internal: the failover cache's byte stores, off-heap (OHC) and heap. Not API.
 */
package io.glasscache.cache.store;
