package io.glasscache.demo.recommend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.glasscache.cache.FailoverGuard;
import io.glasscache.cache.Served;
import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.demo.feature.FeatureLookup;
import io.glasscache.demo.feature.ItemFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommendation pipeline: user features, the scene's candidates, their item features, the model's scores,
 * ranking, one screen. The {@link FailoverGuard} walks the degradation ladder around it: the model's answer within
 * the request budget; else a last-good screen of the scene (or destination), then of its group; else the model's
 * answer late, up to the hard deadline; only then an empty answer with its reason. It records every good screen.
 * A page past the end is answered at once as exhausted, with no failover. Until the warm-up is over (the
 * application is not ready yet) a second guard waits for the model up to the warm-up's deadline instead: a request
 * that reaches a cold process before readiness gets a late answer rather than an empty one.
 */
public final class RecommendationService {

    private static final Logger log = LoggerFactory.getLogger(RecommendationService.class);

    private final FeatureLookup features;
    private final SceneCatalog scenes;
    private final ScoringModel model;
    private final FailoverGuard<Screen> failover;
    private final FailoverGuard<Screen> warmingUp;
    private volatile boolean warm;

    public RecommendationService(FeatureLookup features, SceneCatalog scenes, ScoringModel model,
            FailoverGuard<Screen> failover, FailoverGuard<Screen> warmingUp) {
        this.features = features;
        this.scenes = scenes;
        this.model = model;
        this.failover = failover;
        this.warmingUp = warmingUp;
    }

    /** The warm-up is over: from now on the ladder's own late deadline applies. */
    void warmedUp() {
        warm = true;
    }

    /** Recommends screen {@code page} of {@code size} items of {@code scene} to {@code userId}; never fails. */
    public CompletableFuture<Recommendation> recommend(String userId, Scene scene, int page, int size) {
        long start = System.nanoTime();
        if ((long) page * size >= scene.candidates()) {
            return CompletableFuture.completedFuture(new Recommendation(userId, scene.id(), page, List.of(),
                    Recommendation.Source.MODEL, null, true, millisSince(start)));
        }
        CompletableFuture<Screen> primary;
        try {
            primary = modelPath(userId, scene, page, size);
        } catch (RuntimeException e) {
            primary = CompletableFuture.failedFuture(e);
        }
        return (warm ? failover : warmingUp).guard(scene.failoverKey(), primary)
                .thenApply(served -> respond(served, userId, scene, page, size, start));
    }

    private CompletableFuture<Screen> modelPath(String userId, Scene scene, int page, int size) {
        CompletableFuture<Map<Long, ItemFeatures>> items = features.items(scenes.candidates(scene));
        return features.user(userId).thenCombine(items, (user, found) -> {
            if (user == null) {
                throw new IllegalStateException("feature store returned no user features");
            }
            return Ranking.screen(model, user, found, page, size);
        });
    }

    private Recommendation respond(Served<Screen> served, String userId, Scene scene, int page, int size,
            long start) {
        Recommendation.Source source = Recommendation.Source.of(served.rung());
        if (served.rung() == AnswerRung.EMPTY) {
            log.debug("empty answer for {}: {} {}", scene.id(), served.emptyReason(),
                    served.failure() == null ? "" : served.failure().toString());
            return new Recommendation(userId, scene.id(), page, List.of(), source,
                    Recommendation.reason(served.emptyReason()), false, millisSince(start));
        }
        Screen screen = served.value();
        List<ScoredItem> items = served.fromFailover() ? screen.limit(size).items() : screen.items();
        return new Recommendation(userId, scene.id(), page, items, source, null, screen.exhausted(),
                millisSince(start));
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
