package io.glasscache.demo.feature;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.timelimiter.TimeLimiter;

/**
 * The feature store behind Resilience4j: a bulkhead caps concurrent calls, a time limiter bounds each call, and a
 * circuit breaker (outermost, so it counts timeouts and rejections) stops calling a store that is failing.
 * Configured in application.yml under the instance name {@value #INSTANCE}.
 */
public final class ResilientFeatureStore implements FeatureStore {

    public static final String INSTANCE = "featureStore";

    private final FeatureStore delegate;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;
    private final Bulkhead bulkhead;
    private final ScheduledExecutorService scheduler;

    public ResilientFeatureStore(FeatureStore delegate, CircuitBreaker circuitBreaker, TimeLimiter timeLimiter,
            Bulkhead bulkhead, ScheduledExecutorService scheduler) {
        this.delegate = delegate;
        this.circuitBreaker = circuitBreaker;
        this.timeLimiter = timeLimiter;
        this.bulkhead = bulkhead;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<UserFeatures> userFeatures(String userId) {
        return call(() -> delegate.userFeatures(userId));
    }

    @Override
    public CompletableFuture<Map<String, UserFeatures>> userFeatures(Collection<String> userIds) {
        return call(() -> delegate.userFeatures(userIds));
    }

    @Override
    public CompletableFuture<Map<Long, ItemFeatures>> itemFeatures(Collection<Long> itemIds) {
        return call(() -> delegate.itemFeatures(itemIds));
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    private <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        Supplier<CompletionStage<T>> limited = () -> timeLimiter.executeCompletionStage(scheduler,
                Bulkhead.decorateCompletionStage(bulkhead, call::get));
        try {
            return circuitBreaker.executeCompletionStage(limited).toCompletableFuture();
        } catch (RuntimeException e) { // decorators report rejections synchronously in some versions
            return CompletableFuture.failedFuture(e);
        }
    }
}
