package io.glasscache.cache;

import java.time.Duration;
import java.util.List;

/**
 * Run in a child JVM by {@link UnsafeDeniedFallbackIT}: builds a cache with the store type given as the first
 * argument, records and samples one value, and prints what happened.
 */
public final class StoreFallbackProbe {

    private StoreFallbackProbe() {
    }

    public static void main(String[] args) {
        StoreType type = StoreType.valueOf(args[0]);
        try (FailoverCache<Screen> cache = FailoverCache.builder("probe", Screen.codec()).store(type).build()) {
            Screen screen = Screen.sized("probe", 10_000);
            cache.record(FailoverKey.of("home"), screen);
            cache.awaitDrained(Duration.ofSeconds(10));
            boolean ok = cache.sample(FailoverKey.of("home")).filter(screen::equals).isPresent();
            System.out.println("PROBE store=" + cache.stats().storeType() + " roundtrip=" + (ok ? "ok" : "failed"));
        } catch (RuntimeException e) {
            System.out.println("PROBE failed=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.println("PROBE list=" + List.of(Runtime.version().feature()));
    }
}
