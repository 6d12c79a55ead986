/**
 * Internal: loading from the source: single flight per key, the calls with their hard deadline, and the bounded,
 * batching slots. Not API.
 */
package io.glasscache.cache.source;
