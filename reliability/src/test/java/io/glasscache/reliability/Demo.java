package io.glasscache.reliability;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The stack's demo as an operator sees it: its health, its metrics, its chaos controls (management port). */
final class Demo {

    static final String ANSWERS = "model_serving_feature_cache_failover_answers_total";
    static final String SNAPSHOTS = "model_serving_feature_cache_failover_snapshot_duration_seconds_count";
    static final String RESTORED = "model_serving_feature_cache_failover_restore_records_total";
    static final String HITS = "model_serving_feature_cache_hits_total";
    static final String MISSES = "model_serving_feature_cache_misses_total";
    static final String L2_ERRORS = "model_serving_feature_cache_l2_errors_total";
    static final String STORE_CALLS = "demo_feature_store_calls_total";
    static final String CHAOS = "/admin/chaos/feature-store";

    private final Stack stack;

    Demo(Stack stack) {
        this.stack = stack;
    }

    Exposition metrics() {
        HttpResponse<String> response = Http.get(stack.management("/actuator/prometheus"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
        }
        return Exposition.parse(response.body());
    }

    JsonNode health() {
        return Http.json(stack.management("/actuator/health"));
    }

    /** The L2 circuit breaker's state (CLOSED, OPEN, HALF_OPEN) from the glasscacheL2 health component. */
    String l2Breaker() {
        return health().path("components").path("glasscacheL2").path("details").path("circuitBreaker").asText();
    }

    /** The feature store's circuit breaker state. */
    String storeBreaker() {
        return health().path("components").path("circuitBreakers").path("details").path("featureStore")
                .path("details").path("state").asText();
    }

    boolean ready() {
        try {
            return Http.get(stack.management("/actuator/health/readiness"), Duration.ofSeconds(2)).statusCode() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void chaos(long latencyMs, double errorRate) {
        HttpResponse<String> response = Http.put(stack.management(CHAOS), "{\"latencyMs\":" + latencyMs
                + ",\"errorRate\":" + errorRate + "}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("chaos PUT answered " + response.statusCode() + ": " + response.body());
        }
    }

    JsonNode chaos() {
        return Http.json(stack.management(CHAOS));
    }

    void calm() {
        Http.delete(stack.management(CHAOS));
    }

    /** A recommendation for {@code userId} in {@code scene}, as JSON (must be a 200). */
    JsonNode recommend(String userId, String scene) {
        return Http.json(stack.demo("/api/v1/recommendations?userId=" + userId + "&scene=" + scene));
    }

    /** The counters the fault tables are made of, at one moment. */
    Counters counters() {
        Exposition m = metrics();
        Map<String, Double> rungs = new LinkedHashMap<>();
        m.samples(ANSWERS).stream().filter(s -> s.label("cache_name").equals("screens"))
                .forEach(s -> rungs.merge(s.label("rung"), s.value(), Double::sum));
        Map<String, Double> l2Errors = new LinkedHashMap<>();
        m.samples(L2_ERRORS).forEach(s -> l2Errors.merge(s.label("server"), s.value(), Double::sum));
        return new Counters(rungs, m.sum(HITS, s -> s.label("tier").equals("l2")), m.sum(MISSES),
                l2Errors, m.sum(STORE_CALLS, s -> s.label("outcome").equals("error")),
                m.sum(STORE_CALLS, s -> s.label("outcome").equals("rejected")),
                m.sum(SNAPSHOTS, s -> s.label("outcome").equals("success")),
                m.sum(SNAPSHOTS, s -> s.label("outcome").equals("failure")));
    }

    /**
     * Counter values of the demo.
     *
     * @param rungs          the ladder's answers by rung (primary, failover, failover_parent, primary_late, empty)
     * @param l2Hits         keys the L2 answered (both caches)
     * @param misses         keys that went to the feature store
     * @param l2Errors       failed L2 operations by server
     * @param storeErrors    feature store calls that failed
     * @param storeRejected  feature store calls refused (queue full)
     */
    record Counters(Map<String, Double> rungs, double l2Hits, double misses, Map<String, Double> l2Errors,
            double storeErrors, double storeRejected, double snapshots, double snapshotFailures) {

        /** What happened between {@code before} and this. */
        Counters since(Counters before) {
            Map<String, Double> r = new LinkedHashMap<>();
            rungs.forEach((k, v) -> r.put(k, v - before.rungs.getOrDefault(k, 0.0)));
            Map<String, Double> e = new LinkedHashMap<>();
            l2Errors.forEach((k, v) -> e.put(k, v - before.l2Errors.getOrDefault(k, 0.0)));
            return new Counters(r, l2Hits - before.l2Hits, misses - before.misses, e,
                    storeErrors - before.storeErrors, storeRejected - before.storeRejected,
                    snapshots - before.snapshots, snapshotFailures - before.snapshotFailures);
        }

        long rung(String name) {
            return Math.round(rungs.getOrDefault(name, 0.0));
        }

        /** L2 hits over L2 hits plus store reads, as a percentage. */
        double l2HitPercent() {
            return l2Hits + misses == 0 ? 0 : 100 * l2Hits / (l2Hits + misses);
        }
    }
}
