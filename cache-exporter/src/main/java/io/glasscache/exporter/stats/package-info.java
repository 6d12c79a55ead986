/**
 * Talking to memcached: where it listens ({@link io.glasscache.exporter.stats.MemcachedAddress}), TLS to it
 * ({@link io.glasscache.exporter.stats.TlsSettings}), and reading its stats answers within a deadline
 * ({@link io.glasscache.exporter.stats.StatsReader}) into raw
 * {@link io.glasscache.exporter.stats.MemcachedStats}. The text-protocol client, its connections and the parser
 * are package-private.
 */
package io.glasscache.exporter.stats;
