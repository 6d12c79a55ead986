package io.glasscache.cache;

/**
 * Makes {@link TieredCache} builders pre-configured from the environment: in Spring Boot, from
 * {@code glasscache.caches.<name>.*}, the shared L2 client and the {@code MeterRegistry}. The caller adds what only
 * it knows (key-to-string, codec, loaders) and calls {@link TieredCache.Builder#build()}; it owns and closes the
 * cache (a Spring {@code @Bean} returning it is closed with the context).
 */
@FunctionalInterface
public interface TieredCacheFactory {

    /** A builder for the cache called {@code name}, with its configured settings applied. */
    <K, V> TieredCache.Builder<K, V> builder(String name);
}
