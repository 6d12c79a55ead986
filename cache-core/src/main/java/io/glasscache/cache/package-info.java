/**
 * GlassCache's API: the tiered cache ({@link io.glasscache.cache.TieredCache}, its builder and
 * {@link io.glasscache.cache.TieredCacheFactory}), the shared memcached L2 ({@link io.glasscache.cache.MemcachedTier}),
 * the failover cache of last-good answers ({@link io.glasscache.cache.FailoverCache}, {@link io.glasscache.cache.FailoverKey},
 * {@link io.glasscache.cache.FailoverCacheFactory}) and its request-path helper, the degradation ladder
 * ({@link io.glasscache.cache.FailoverGuard} and the {@link io.glasscache.cache.Served} answer it returns). Codecs are in
 * {@code .codec}, the stats interfaces in {@code .stats}, their Micrometer binding in {@code .micrometer}, the Spring
 * Boot glue in {@code .autoconfigure}. Everything public here is API; the package-private classes wire the internals
 * of {@code .l1}, {@code .l2}, {@code .source}, {@code .freshness}, {@code .store} and {@code .snapshot}, which other
 * modules must not use (an ArchUnit test checks).
 */
package io.glasscache.cache;
