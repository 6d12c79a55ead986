package io.glasscache.demo.recommend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Serves a short warm-up through the pipeline before the application reports ready: for each scene group (home,
 * video, one destination) requests until the model has answered at least {@code requestsPerScene} times, or the
 * deadline passes. Spring Boot's readiness stays REFUSING_TRAFFIC (HTTP 503) until application runners are done,
 * so the first user a load balancer sends finds compiled code, warm caches and a last-good screen per group. The
 * failover snapshot was restored before (as the cache bean was built); a feature store that is down delays
 * readiness by the deadline at most, and the log says so.
 */
public final class WarmUp implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final RecommendationService service;
    private final SceneCatalog scenes;
    private final WarmUpProperties properties;

    public WarmUp(RecommendationService service, SceneCatalog scenes, WarmUpProperties properties) {
        this.service = service;
        this.scenes = scenes;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            if (properties.enabled()) {
                warmUp();
            }
        } catch (RuntimeException e) { // a broken warm-up must not keep the service from starting
            log.warn("warm-up failed; ready anyway", e);
        } finally {
            service.warmedUp();
        }
    }

    private void warmUp() {
        long start = System.nanoTime();
        long deadline = start + properties.deadline().toNanos();
        Map<String, Integer> modelAnswers = new LinkedHashMap<>();
        List<Scene> groups = scenes.representatives();
        groups.forEach(scene -> modelAnswers.put(scene.id(), 0));
        int request = 0;
        while (System.nanoTime() - deadline < 0 && modelAnswers.values().stream()
                .anyMatch(n -> n < properties.requestsPerScene())) {
            for (Scene scene : groups) {
                if (modelAnswers.get(scene.id()) >= properties.requestsPerScene()) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Recommendation answer;
                try {
                    answer = service.recommend("warmup-" + (request++ % 1000), scene, 0, 10)
                            .get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    continue; // counted as not warm: the deadline bounds the loop
                }
                if (answer.source() == Recommendation.Source.MODEL
                        || answer.source() == Recommendation.Source.MODEL_LATE) {
                    modelAnswers.merge(scene.id(), 1, Integer::sum);
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<String> cold = new ArrayList<>();
        modelAnswers.forEach((scene, n) -> {
            if (n < properties.requestsPerScene()) {
                cold.add(scene + " (" + n + " model answers)");
            }
        });
        if (cold.isEmpty()) {
            log.info("warm-up: {} model answers per scene group ({}) in {} ms; ready", properties.requestsPerScene(),
                    modelAnswers.keySet(), took.toMillis());
        } else {
            log.warn("warm-up: the model did not answer enough for {} within {} (feature store down or slow?); "
                    + "ready anyway, serving last-good screens where held", cold, properties.deadline());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 200; // after the failover restore (HIGHEST_PRECEDENCE + 100)
    }
}
