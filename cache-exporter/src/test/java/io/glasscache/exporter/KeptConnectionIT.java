package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.glasscache.testing.MemcachedExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stats connections are kept between scrapes, and replaced when the server behind them restarted or died. */
class KeptConnectionIT {

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(16).build();

    private static ExporterHttp exporter() throws Exception {
        return ExporterHttp.of(MEMCACHED.server().address());
    }

    private static Map<String, Double> scrape(ExporterHttp exporter) throws Exception {
        return Golden.samples(exporter.get("/metrics").body());
    }

    @Test
    void consecutiveScrapesReuseTheirConnectionsAndSurviveARestart() throws Exception {
        try (ExporterHttp exporter = exporter()) {
            // the first scrape opens both lanes' connections; its stats may be answered before memcached has
            // accepted the second, so the count to hold is the second scrape's
            scrape(exporter);
            double first = scrape(exporter).get("memcached_connections_total");
            for (int i = 0; i < 5; i++) {
                assertThat(scrape(exporter)).containsEntry("memcached_up", 1.0)
                        .containsEntry("memcached_connections_total", first);
            }

            MEMCACHED.server().restart(); // the kept connection is now dead
            Map<String, Double> afterRestart = scrape(exporter);
            assertThat(afterRestart).containsEntry("memcached_up", 1.0);
            assertThat(afterRestart.get("memcached_connections_total")).isLessThan(first + 5);

            MEMCACHED.server().kill();
            assertThat(scrape(exporter)).containsEntry("memcached_up", 0.0);
            MEMCACHED.server().restart();
            assertThat(scrape(exporter)).containsEntry("memcached_up", 1.0);
        }
    }
}
