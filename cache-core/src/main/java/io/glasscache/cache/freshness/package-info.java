/**
 * Internal: entries and their freshness (TTL with jitter, XFetch early refresh, stale-while-revalidate,
 * stale-if-error). Not API.
 */
package io.glasscache.cache.freshness;
