package io.glasscache.demo.recommend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.glasscache.cache.failover.FailoverGuard;
import io.glasscache.cache.failover.Served;
import io.glasscache.demo.feature.FeatureLookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommendation pipeline: user features, the scene's candidates, their item features, the model's scores,
 * ranking, one screen. The model path runs within the request budget (a Resilience4j {@link TimeLimiter}); when it
 * fails or runs out of time, the {@link FailoverGuard} serves a last-good screen of the scene, and it records every
 * good screen for that purpose. A page past the end is answered at once as exhausted, with no failover.
 */
public final class RecommendationService {

    private static final Logger log = LoggerFactory.getLogger(RecommendationService.class);

    private final FeatureLookup features;
    private final SceneCatalog scenes;
    private final ScoringModel model;
    private final FailoverGuard<Screen> failover;
    private final TimeLimiter budget;
    private final ScheduledExecutorService scheduler;
    private final MeterRegistry registry;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    public RecommendationService(FeatureLookup features, SceneCatalog scenes, ScoringModel model,
            FailoverGuard<Screen> failover, TimeLimiter budget, ScheduledExecutorService scheduler,
            MeterRegistry registry) {
        this.features = features;
        this.scenes = scenes;
        this.model = model;
        this.failover = failover;
        this.budget = budget;
        this.scheduler = scheduler;
        this.registry = registry;
    }

    /** Recommends screen {@code page} of {@code size} items of {@code scene} to {@code userId}; never fails. */
    public CompletableFuture<Recommendation> recommend(String userId, Scene scene, int page, int size) {
        long start = System.nanoTime();
        if ((long) page * size >= scene.candidates()) {
            count(scene, "exhausted");
            return CompletableFuture.completedFuture(new Recommendation(userId, scene.id(), page, List.of(),
                    Recommendation.Source.MODEL, true, millisSince(start)));
        }
        CompletableFuture<Screen> primary;
        try {
            primary = budget.executeCompletionStage(scheduler, () -> modelPath(userId, scene, page, size))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            primary = CompletableFuture.failedFuture(e);
        }
        return failover.guard(scene.failoverKey(), primary)
                .thenApply(served -> respond(served, userId, scene, page, size, start));
    }

    private CompletionStage<Screen> modelPath(String userId, Scene scene, int page, int size) {
        CompletableFuture<Map<Long, io.glasscache.demo.feature.ItemFeatures>> items =
                features.items(scenes.candidates(scene));
        return features.user(userId).thenCombine(items, (user, found) -> {
            if (user == null) {
                throw new IllegalStateException("feature store returned no user features");
            }
            return Ranking.screen(model, user, found, page, size);
        });
    }

    private Recommendation respond(Served<Screen> served, String userId, Scene scene, int page, int size,
            long start) {
        Screen screen = served.value();
        switch (served.source()) {
            case PRIMARY -> {
                count(scene, screen.exhausted() ? "exhausted" : "model");
                return new Recommendation(userId, scene.id(), page, screen.items(), Recommendation.Source.MODEL,
                        screen.exhausted(), millisSince(start));
            }
            case FAILOVER -> {
                count(scene, "failover");
                return new Recommendation(userId, scene.id(), page, screen.limit(size).items(),
                        Recommendation.Source.FAILOVER, false, millisSince(start));
            }
            default -> {
                count(scene, "empty");
                log.debug("no failover screen for {}: {}", scene.id(), served.failure() == null ? "unusable result"
                        : served.failure().toString());
                return new Recommendation(userId, scene.id(), page, List.of(), Recommendation.Source.FAILOVER,
                        false, millisSince(start));
            }
        }
    }

    private void count(Scene scene, String outcome) {
        // tags: the configured scene group (bounded by configuration) and a fixed outcome set, never user or segment
        outcomes.computeIfAbsent(scene.group() + '\0' + outcome, k -> Counter.builder("demo.recommendations")
                .description("Recommendation responses by where their items came from")
                .tag("scene", scene.group()).tag("outcome", outcome).register(registry)).increment();
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
