package io.glasscache.demo.feature;

/**
 * Faults injected into the simulated store: extra latency on every call (holding a connection, as a slow backend
 * does) and a probability of failing a call.
 *
 * @param latencyMs extra milliseconds per call, {@code 0..60000}
 * @param errorRate probability in {@code [0, 1]} that a call fails
 */
public record FeatureStoreChaos(long latencyMs, double errorRate) {

    public static final FeatureStoreChaos NONE = new FeatureStoreChaos(0, 0);

    public FeatureStoreChaos {
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new IllegalArgumentException("latencyMs must be within 0..60000");
        }
        if (!(errorRate >= 0 && errorRate <= 1)) { // also rejects NaN
            throw new IllegalArgumentException("errorRate must be within 0..1");
        }
    }
}
