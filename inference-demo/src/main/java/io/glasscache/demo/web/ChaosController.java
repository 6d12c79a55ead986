package io.glasscache.demo.web;

import io.glasscache.demo.feature.FeatureStoreChaos;
import io.glasscache.demo.feature.SimulatedFeatureStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fault injection into the simulated feature store, for demos and benchmarks. Present only when
 * {@code demo.chaos.enabled=true} (the default {@code demo} profile); see docs/demo.md.
 */
@RestController
@RequestMapping(path = "/admin/chaos/feature-store", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(name = "demo.chaos.enabled", havingValue = "true")
public class ChaosController {

    private static final Logger log = LoggerFactory.getLogger(ChaosController.class);

    private final SimulatedFeatureStore store;

    public ChaosController(SimulatedFeatureStore store) {
        this.store = store;
    }

    /** The request body; absent members mean 0. */
    public record ChaosRequest(Long latencyMs, Double errorRate) {
    }

    @GetMapping
    public FeatureStoreChaos current() {
        return store.chaos();
    }

    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public FeatureStoreChaos set(@RequestBody ChaosRequest request) {
        long latencyMs = request.latencyMs() == null ? 0 : request.latencyMs();
        double errorRate = request.errorRate() == null ? 0 : request.errorRate();
        if (latencyMs < 0 || latencyMs > 60_000) {
            throw new InvalidRequestException("latencyMs", "latencyMs must be within 0..60000");
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new InvalidRequestException("errorRate", "errorRate must be within 0..1");
        }
        FeatureStoreChaos chaos = new FeatureStoreChaos(latencyMs, errorRate);
        store.chaos(chaos);
        log.warn("feature store chaos set: latencyMs={} errorRate={}", latencyMs, errorRate);
        return chaos;
    }

    @DeleteMapping
    public FeatureStoreChaos reset() {
        store.chaos(FeatureStoreChaos.NONE);
        log.warn("feature store chaos reset");
        return FeatureStoreChaos.NONE;
    }
}
