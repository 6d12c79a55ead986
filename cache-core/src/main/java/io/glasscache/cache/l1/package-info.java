/**
 * Internal: the on-heap tier (Caffeine) and the coarse clock its hits read. Not API.
 */
package io.glasscache.cache.l1;
