package io.glasscache.cache.failover;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The request-path side of a {@link FailoverCache}: wraps the primary result of a request and decides what to serve.
 *
 * <ul>
 *   <li>Primary succeeds with a {@code usable} result: record it (non-blocking), serve it ({@link Served.Source#PRIMARY}).</li>
 *   <li>Primary succeeds and says the user has {@code exhausted} the content: serve it as is, no failover.</li>
 *   <li>Primary fails (any exception, including a {@link java.util.concurrent.TimeoutException} or one caused by it),
 *       times out after the optional guard timeout, or returns nothing usable: sample the failover cache and serve
 *       that ({@link Served.Source#FAILOVER}), or {@link Served.Source#EMPTY} if it holds nothing for the key. A
 *       failure matching {@code exhaustedError} is passed through instead.</li>
 * </ul>
 *
 * <p>Nothing here blocks the caller: the returned future completes on the thread that completes {@code primary}
 * (or the timeout thread); sampling takes microseconds and recording only offers to a queue. The returned future
 * never completes exceptionally, except when the primary failed with an {@code exhaustedError}.
 *
 * @param <V> the value type
 */
public final class FailoverGuard<V> {

    private final FailoverCache<V> cache;
    private final Predicate<? super V> usable;
    private final Predicate<? super V> exhausted;
    private final Predicate<? super Throwable> exhaustedError;
    private final Duration timeout;

    private FailoverGuard(Builder<V> b) {
        this.cache = b.cache;
        this.usable = b.usable;
        this.exhausted = b.exhausted;
        this.exhaustedError = b.exhaustedError;
        this.timeout = b.timeout;
    }

    /** Starts building a guard over {@code cache}. */
    public static <V> Builder<V> builder(FailoverCache<V> cache) {
        return new Builder<>(cache);
    }

    /** The cache this guard records into and samples from. */
    public FailoverCache<V> cache() {
        return cache;
    }

    /** Decides what to serve for {@code key} once {@code primary} completes (never blocks; see class doc). */
    public CompletableFuture<Served<V>> guard(FailoverKey key, CompletableFuture<V> primary) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(primary, "primary");
        CompletableFuture<V> watched = timeout == null ? primary
                : primary.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<Served<V>> result = new CompletableFuture<>();
        // handle, not whenComplete: whenComplete's unused stage would wrap a failure in a new CompletionException,
        // a stack trace for every request that fails over
        watched.handle((value, error) -> {
            try {
                decide(key, value, error, result);
            } catch (Throwable t) { // a predicate threw: still serve something
                result.complete(fallback(key, null, t));
            }
            return null;
        });
        return result;
    }

    private void decide(FailoverKey key, V value, Throwable error, CompletableFuture<Served<V>> result) {
        if (error != null) {
            Throwable cause = unwrap(error);
            if (exhaustedError.test(cause)) {
                result.completeExceptionally(cause);
            } else {
                result.complete(fallback(key, null, cause));
            }
            return;
        }
        if (value != null && exhausted.test(value)) {
            result.complete(new Served<>(value, Served.Source.PRIMARY, null));
        } else if (value != null && usable.test(value)) {
            cache.record(key, value);
            result.complete(new Served<>(value, Served.Source.PRIMARY, null));
        } else {
            result.complete(fallback(key, value, null));
        }
    }

    private Served<V> fallback(FailoverKey key, V primaryValue, Throwable failure) {
        Optional<V> last = cache.sample(key);
        return last.map(v -> new Served<>(v, Served.Source.FAILOVER, failure))
                .orElseGet(() -> new Served<>(primaryValue, Served.Source.EMPTY, failure));
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Builds a {@link FailoverGuard}. */
    public static final class Builder<V> {
        private final FailoverCache<V> cache;
        private Predicate<? super V> usable = v -> true;
        private Predicate<? super V> exhausted = v -> false;
        private Predicate<? super Throwable> exhaustedError = t -> false;
        private Duration timeout;

        private Builder(FailoverCache<V> cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
        }

        /** Whether a successful result is worth recording and serving (e.g. a non-empty list). Default: any. */
        public Builder<V> usable(Predicate<? super V> usable) {
            this.usable = Objects.requireNonNull(usable, "usable");
            return this;
        }

        /**
         * Whether a successful result says the user has exhausted the content: it is served as is, neither recorded
         * nor replaced by failover. Default: never.
         */
        public Builder<V> exhausted(Predicate<? super V> exhausted) {
            this.exhausted = Objects.requireNonNull(exhausted, "exhausted");
            return this;
        }

        /**
         * Whether a primary failure means "exhausted" rather than "broken": it is passed through to the caller, no
         * failover. Default: never.
         */
        public Builder<V> exhaustedError(Predicate<? super Throwable> exhaustedError) {
            this.exhaustedError = Objects.requireNonNull(exhaustedError, "exhaustedError");
            return this;
        }

        /**
         * Serve failover if the primary has not completed within {@code timeout} (the primary itself is left alone).
         * Default: none, rely on the primary's own timeout.
         */
        public Builder<V> timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        public FailoverGuard<V> build() {
            return new FailoverGuard<>(this);
        }
    }
}
