package io.glasscache.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The drift comparison of the generated ConfigMaps fails on each way a copy can go stale. */
class GeneratedCopiesTest {

    private static final Map<String, String> FILES = Map.of("feature-cache.json", "{\"uid\": \"a\"}",
            "memcached.json", "{\"uid\": \"b\"}");

    @Test
    void equalDataPasses() {
        assertThat(GeneratedCopies.differences("grafana-dashboards", FILES, FILES)).isEmpty();
    }

    @Test
    void aMissingAnOldAndAnExtraCopyAreEachFound() {
        assertThat(GeneratedCopies.differences("grafana-dashboards",
                Map.of("feature-cache.json", "{\"uid\": \"old\"}", "gone.json", "{}"), FILES))
                .containsExactlyInAnyOrder("grafana-dashboards has an old copy of feature-cache.json",
                        "grafana-dashboards lacks memcached.json",
                        "grafana-dashboards has gone.json, which deploy/ no longer has");
    }
}
