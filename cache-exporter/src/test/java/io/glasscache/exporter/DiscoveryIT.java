package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.glasscache.testing.MemcachedExtension;
import io.glasscache.testing.MemcachedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DNS discovery of a headless service: three servers on one port, on 127.0.0.2-4, behind one test name. */
class DiscoveryIT {

    private static final String NAME = "memcached.cache.test";

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder()
            .listenAddresses("127.0.0.2", "127.0.0.3", "127.0.0.4").memoryMb(16).build();

    /** The test resolver: the name resolves to the three loopback addresses, nothing leaves the machine. */
    private static List<InetAddress> resolve(String host) throws UnknownHostException {
        if (!host.equals(NAME)) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"),
                InetAddress.getByName("127.0.0.4"));
    }

    private static ExporterHttp exporter(String... extra) throws Exception {
        String discovery = "dns://" + NAME + ":" + MEMCACHED.server().port();
        String[] flags = new String[extra.length + 1];
        flags[0] = "--memcached.discovery=" + discovery;
        System.arraycopy(extra, 0, flags, 1, extra.length);
        return new ExporterHttp(MemcachedCollector.builder().discovery(Discovery.parse(discovery))
                .resolver(DiscoveryIT::resolve), flags);
    }

    @Test
    void exposesEveryInstanceLabelled() throws Exception {
        int i = 0;
        for (MemcachedServer server : MEMCACHED.servers()) {
            for (int k = 0; k <= i; k++) {
                server.rawSet("key-" + k, "value");
            }
            i++;
        }
        try (ExporterHttp exporter = exporter()) {
            Map<String, Double> samples = Golden.samples(exporter.get("/metrics").body());
            int port = MEMCACHED.server().port();
            assertThat(samples).containsEntry("memcached_exporter_discovered_targets", 3.0)
                    .containsEntry("memcached_up{memcached_instance=\"127.0.0.2:" + port + "\"}", 1.0)
                    .containsEntry("memcached_up{memcached_instance=\"127.0.0.3:" + port + "\"}", 1.0)
                    .containsEntry("memcached_up{memcached_instance=\"127.0.0.4:" + port + "\"}", 1.0)
                    .containsEntry("memcached_current_items{memcached_instance=\"127.0.0.2:" + port + "\"}", 1.0)
                    .containsEntry("memcached_current_items{memcached_instance=\"127.0.0.4:" + port + "\"}", 3.0);
            // a discovered instance may be scraped alone, without an allowlist entry
            HttpResponse<String> single = exporter.get("/scrape?target=127.0.0.3:" + port);
            assertThat(single.statusCode()).isEqualTo(200);
            assertThat(Golden.samples(single.body())).containsEntry("memcached_current_items", 2.0);
            // the same address on another port was not discovered
            assertThat(exporter.get("/scrape?target=127.0.0.3:" + (port == 65535 ? 1 : port + 1)).statusCode())
                    .isEqualTo(403);
        }
    }

    /**
     * The instances are read in parallel, each within the one deadline: were they read one after another, the frozen
     * second one would use up the deadline and the third would be down too. The client gives up after 10 s, so a
     * scrape that waited on the frozen one past its 2 s fails the test.
     */
    @Test
    void oneFrozenInstanceDoesNotDelayTheOthers() throws Exception {
        try (ExporterHttp exporter = exporter("--memcached.timeout=2s")) {
            MemcachedServer frozen = MEMCACHED.servers().get(1);
            frozen.freeze();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(exporter.request("/metrics")
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                Map<String, Double> samples = Golden.samples(response.body());
                int port = frozen.port();
                assertThat(samples).containsEntry("memcached_up{memcached_instance=\"127.0.0.3:" + port + "\"}", 0.0)
                        .containsEntry("memcached_up{memcached_instance=\"127.0.0.2:" + port + "\"}", 1.0)
                        .containsEntry("memcached_up{memcached_instance=\"127.0.0.4:" + port + "\"}", 1.0)
                        .containsEntry("memcached_exporter_scrape_errors_total{memcached_instance=\"127.0.0.3:" + port
                                + "\"}", 1.0)
                        .containsEntry("memcached_exporter_scrape_errors_total{memcached_instance=\"127.0.0.4:" + port
                                + "\"}", 0.0);
            } finally {
                frozen.resume();
            }
        }
    }

    @Test
    void failedLookupIsCountedNotThrown() throws Exception {
        try (MemcachedCollector collector = MemcachedCollector.builder().discovery(Discovery.parse("dns://nowhere.test:1"))
                .resolver(DiscoveryIT::resolve).build()) {
            Map<String, Double> samples = Golden.samples(Golden.text(collector.collect()));
            assertThat(samples).containsEntry("memcached_exporter_discovery_errors_total", 1.0)
                    .doesNotContainKey("memcached_up");
        }
    }
}
