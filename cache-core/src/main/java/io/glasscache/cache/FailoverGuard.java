package io.glasscache.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.EmptyReason;
import io.glasscache.cache.stats.FailoverStatsRecorder;
import io.glasscache.cache.stats.StatsRecorderFactory;

/**
 * The request-path side of a {@link FailoverCache}: wraps the primary result of a request and walks a degradation
 * ladder, never answering empty while an answer is possible. Each rung is counted per key group.
 *
 * <ol>
 *   <li>{@link AnswerRung#PRIMARY}: the primary answers within the budget with a usable result, which is recorded
 *       (non-blocking) under its key and, for a key with a segment, under its parent too. A result that says the
 *       user has {@code exhausted} the content is served as it is, neither recorded nor replaced.</li>
 *   <li>{@link AnswerRung#FAILOVER}: the primary failed, ran out of budget or returned nothing usable: a last-good
 *       value of the exact key.</li>
 *   <li>{@link AnswerRung#FAILOVER_PARENT}: none there: a last-good value of the key's parent ({@code destination}
 *       for {@code destination:42}), if {@link Builder#parentKey} is on.</li>
 *   <li>{@link AnswerRung#PRIMARY_LATE}: none there either, and the budget ran out: keep waiting for the primary up
 *       to the late deadline (measured from the start) and serve it late (recorded like a primary answer).</li>
 *   <li>{@link AnswerRung#EMPTY}: only then an empty answer, with its {@link EmptyReason}.</li>
 * </ol>
 *
 * <p>A primary failure matching {@code exhaustedError} is passed through instead. Nothing here blocks the caller:
 * the returned future completes on the thread that completes {@code primary} or on a timer thread; sampling takes
 * microseconds and recording only offers to a queue. The returned future never completes exceptionally, except
 * with an {@code exhaustedError}.
 *
 * @param <V> the value type
 */
public final class FailoverGuard<V> {

    /** The defaults of {@link Builder}, the one place they are written (Spring Boot's properties use them too). */
    public static final class Defaults {
        /** How long after the start a late primary answer is still served (rung 4). */
        public static final Duration LATE_DEADLINE = Duration.ofMillis(250);
        /** Whether the parent key's last-good values answer (rung 3). */
        public static final boolean PARENT_KEY = true;

        private Defaults() {
        }
    }

    private final FailoverCache<V> cache;
    private final Predicate<? super V> usable;
    private final Predicate<? super V> exhausted;
    private final Predicate<? super Throwable> exhaustedError;
    private final long budgetNanos;
    private final long lateDeadlineNanos;
    private final boolean parentKey;
    private final FailoverStatsRecorder stats;

    private FailoverGuard(Builder<V> b) {
        this.cache = b.cache;
        this.usable = b.usable;
        this.exhausted = b.exhausted;
        this.exhaustedError = b.exhaustedError;
        this.budgetNanos = b.budget == null ? -1 : b.budget.toNanos();
        this.lateDeadlineNanos = b.lateDeadline.toNanos();
        this.parentKey = b.parentKey;
        this.stats = b.cache instanceof DefaultFailoverCache<V> d ? d.recorder()
                : StatsRecorderFactory.noop().failoverCache(b.cache.name());
    }

    /** Starts building a guard over {@code cache}. */
    public static <V> Builder<V> builder(FailoverCache<V> cache) {
        return new Builder<>(cache);
    }

    /** The cache this guard records into and samples from. */
    public FailoverCache<V> cache() {
        return cache;
    }

    /** Decides what to serve for {@code key} as {@code primary} completes or its budget runs out (never blocks). */
    public CompletableFuture<Served<V>> guard(FailoverKey key, CompletableFuture<V> primary) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(primary, "primary");
        long start = System.nanoTime();
        CompletableFuture<V> watched = budgetNanos < 0 ? primary
                : primary.copy().orTimeout(budgetNanos, TimeUnit.NANOSECONDS);
        CompletableFuture<Served<V>> result = new CompletableFuture<>();
        // handle, not whenComplete: whenComplete's unused stage would wrap a failure in a new CompletionException,
        // a stack trace for every request that fails over
        watched.handle((value, error) -> {
            try {
                boolean budgetRanOut = error != null && !primary.isDone();
                decide(key, primary, value, error, budgetRanOut, start, result);
            } catch (Throwable t) { // a predicate threw: still serve something
                answer(result, key, failover(key, null, t, EmptyReason.ERROR), start);
            }
            return null;
        });
        return result;
    }

    private void decide(FailoverKey key, CompletableFuture<V> primary, V value, Throwable error, boolean budgetRanOut,
            long start, CompletableFuture<Served<V>> result) {
        if (error != null) {
            Throwable cause = unwrap(error);
            if (!budgetRanOut && exhaustedError.test(cause)) {
                result.completeExceptionally(cause);
                return;
            }
            Served<V> last = failover(key, null, budgetRanOut ? null : cause, null);
            if (last != null) {
                answer(result, key, last, start);
            } else if (budgetRanOut) {
                late(key, primary, start, result);
            } else {
                answer(result, key, new Served<>(null, AnswerRung.EMPTY, EmptyReason.ERROR, cause), start);
            }
            return;
        }
        Served<V> primaryAnswer = primaryAnswer(key, value, AnswerRung.PRIMARY);
        if (primaryAnswer != null) {
            answer(result, key, primaryAnswer, start);
        } else {
            answer(result, key, failover(key, value, null, EmptyReason.UNUSABLE), start);
        }
    }

    /** Rung 4: waits for the primary until the late deadline; then rung 5. */
    private void late(FailoverKey key, CompletableFuture<V> primary, long start, CompletableFuture<Served<V>> result) {
        long remaining = lateDeadlineNanos - (System.nanoTime() - start);
        if (remaining <= 0) {
            answer(result, key, new Served<>(null, AnswerRung.EMPTY, EmptyReason.DEADLINE, null), start);
            return;
        }
        primary.copy().orTimeout(remaining, TimeUnit.NANOSECONDS).handle((value, error) -> {
            try {
                if (error != null) {
                    Throwable cause = unwrap(error);
                    if (primary.isDone() && exhaustedError.test(cause)) {
                        result.completeExceptionally(cause);
                        return null;
                    }
                    boolean deadline = !primary.isDone() && cause instanceof TimeoutException;
                    answer(result, key, new Served<>(null, AnswerRung.EMPTY,
                            deadline ? EmptyReason.DEADLINE : EmptyReason.ERROR, deadline ? null : cause), start);
                    return null;
                }
                Served<V> lateAnswer = primaryAnswer(key, value, AnswerRung.PRIMARY_LATE);
                answer(result, key, lateAnswer != null ? lateAnswer
                        : new Served<>(value, AnswerRung.EMPTY, EmptyReason.UNUSABLE, null), start);
            } catch (Throwable t) { // a predicate threw
                answer(result, key, new Served<>(null, AnswerRung.EMPTY, EmptyReason.ERROR, t), start);
            }
            return null;
        });
    }

    /** {@code value} as the primary's answer on {@code rung} (recorded if usable), or null if it is not servable. */
    private Served<V> primaryAnswer(FailoverKey key, V value, AnswerRung rung) {
        if (value == null) {
            return null;
        }
        if (exhausted.test(value)) {
            return new Served<>(value, rung, null, null);
        }
        if (!usable.test(value)) {
            return null;
        }
        cache.record(key, value);
        if (parentKey && key.hasSegment()) {
            cache.record(key.parent(), value);
        }
        return new Served<>(value, rung, null, null);
    }

    /**
     * Rungs 2 and 3: a last-good value of the key, then of its parent. If neither holds one: an empty answer for
     * {@code reason} with the primary's (unusable) value, or null when {@code reason} is null.
     */
    private Served<V> failover(FailoverKey key, V primaryValue, Throwable failure, EmptyReason reason) {
        Optional<V> last = cache.sample(key);
        if (last.isPresent()) {
            return new Served<>(last.get(), AnswerRung.FAILOVER, null, failure);
        }
        if (parentKey && key.hasSegment()) {
            Optional<V> parent = cache.sample(key.parent());
            if (parent.isPresent()) {
                return new Served<>(parent.get(), AnswerRung.FAILOVER_PARENT, null, failure);
            }
        }
        return reason == null ? null : new Served<>(primaryValue, AnswerRung.EMPTY, reason, failure);
    }

    private void answer(CompletableFuture<Served<V>> result, FailoverKey key, Served<V> served, long start) {
        stats.recordAnswer(key.group(), served.rung());
        if (served.rung() == AnswerRung.EMPTY) {
            stats.recordEmptyAnswer(key.group(), served.emptyReason());
        } else if (served.rung() == AnswerRung.PRIMARY_LATE) {
            stats.recordLateAnswer(key.group(), System.nanoTime() - start);
        }
        result.complete(served);
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
        private Duration budget;
        private Duration lateDeadline = Defaults.LATE_DEADLINE;
        private boolean parentKey = Defaults.PARENT_KEY;

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
         * Rung 1's window: past it, the ladder goes on to the last-good values while the primary keeps running.
         * Default: none (only a primary failure or an unusable result moves down the ladder).
         */
        public Builder<V> budget(Duration budget) {
            if (budget != null && (budget.isNegative() || budget.isZero())) {
                throw new IllegalArgumentException("budget must be positive");
            }
            this.budget = budget;
            return this;
        }

        /**
         * Rung 4: how long after the start a primary answer is still served when the budget ran out and no last-good
         * value was held (default 250 ms; zero turns the rung off).
         */
        public Builder<V> lateDeadline(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative()) {
                throw new IllegalArgumentException("lateDeadline must not be negative");
            }
            this.lateDeadline = deadline;
            return this;
        }

        /** Rung 3: whether a key's parent answers when the key holds no last-good value (default true). */
        public Builder<V> parentKey(boolean enabled) {
            this.parentKey = enabled;
            return this;
        }

        public FailoverGuard<V> build() {
            if (budget != null && !lateDeadline.isZero() && lateDeadline.compareTo(budget) < 0) {
                throw new IllegalStateException("lateDeadline must be at least the budget");
            }
            return new FailoverGuard<>(this);
        }
    }
}
