package io.glasscache.cache.source;

import java.util.concurrent.CompletableFuture;

import io.glasscache.cache.freshness.Entry;
import io.glasscache.cache.stats.Tier;

/**
 * One key's lookup in flight, shared by every reader of the key in this JVM. Readers wait on {@link #answer()}, each
 * with its own timeout; the flight itself lasts until its source call ends (or is cut by its hard deadline), so a
 * reader that gave up never frees the key for a second call while the first is still running.
 *
 * @param <V> the value type
 */
public final class Flight<V> {

    /** How a key was answered: {@code entry} is null when the source has no value. */
    public record Outcome<V>(Entry<V> entry, Tier tier) {
    }

    private final CompletableFuture<Outcome<V>> answer = new CompletableFuture<>();
    private final CompletableFuture<Void> loading = new CompletableFuture<>();
    private volatile Entry<V> fallback;

    /** What readers get: completes at most once, possibly before the flight ends (a stale value being refreshed). */
    public CompletableFuture<Outcome<V>> answer() {
        return answer;
    }

    /**
     * Completes when the key is handed to the source (called, or queued for a free call): readers' load timeouts run
     * from then, so the time L2 takes (bounded by its own operation timeout) is not counted against the source.
     */
    public CompletableFuture<Void> loading() {
        return loading;
    }

    /** The freshest stale value known for the key, served if the source fails or a reader's wait times out. */
    public Entry<V> fallback() {
        return fallback;
    }

    /** Offers {@code stale} as the fallback; the fresher of it and the current one is kept. */
    public void offerFallback(Entry<V> stale) {
        if (stale == null) {
            return;
        }
        synchronized (this) {
            Entry<V> current = fallback;
            if (current == null || stale.freshUntil() > current.freshUntil()) {
                fallback = stale;
            }
        }
    }
}
