package io.glasscache.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The exporter's values for the JDK server's limits; what the JDK does with them is in ExporterProcessIT. */
class JdkServerLimitsTest {

    private static HttpSettings settings(Duration timeout, int maxRequests) {
        return new HttpSettings("", 0, "/metrics", "/scrape", maxRequests, timeout, List.of(), null);
    }

    @Test
    void theResponseLimitLeavesEveryScrapeItsDeadline() {
        Map<String, String> defaults = JdkServerLimits.defaults(settings(Duration.ofMillis(1500), 8));
        assertThat(defaults).containsEntry("sun.net.httpserver.maxReqTime", "10")
                .containsEntry("sun.net.httpserver.maxRspTime", "32") // 2 s (1.5 rounded up) + 30 s to write
                .containsEntry("sun.net.httpserver.idleInterval", "60")
                .containsEntry("sun.net.httpserver.clockTick", "1000")
                .containsEntry("sun.net.httpserver.maxIdleConnections", "64")
                .containsEntry("jdk.httpserver.maxConnections", "1024")
                .containsEntry("sun.net.httpserver.maxReqHeaders", "100")
                .containsEntry("sun.net.httpserver.maxReqHeaderSize", "16384")
                .containsEntry("sun.net.httpserver.nodelay", "true");
        assertThat(JdkServerLimits.defaults(settings(Duration.ofSeconds(60), 1)))
                .containsEntry("sun.net.httpserver.maxRspTime", "90")
                .containsEntry("jdk.httpserver.maxConnections", "1024");
    }

    @Test
    void aValueGivenOnTheCommandLineWins() {
        String name = "sun.net.httpserver.maxIdleConnections";
        String before = System.getProperty(name);
        System.setProperty(name, "7");
        try {
            assertThat(JdkServerLimits.apply(settings(Duration.ofSeconds(1), 8))).containsEntry(name, "7");
            assertThat(System.getProperty(name)).isEqualTo("7");
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    @Test
    void theThreadsFollowMaxRequestsWithinTheConnectionCap() {
        HttpSettings eight = settings(Duration.ofSeconds(1), 8);
        assertThat(JdkServerLimits.maxThreads(Map.of(JdkServerLimits.MAX_CONNECTIONS, "1024"), eight)).isEqualTo(72);
        assertThat(JdkServerLimits.maxThreads(Map.of(JdkServerLimits.MAX_CONNECTIONS, "20"), eight)).isEqualTo(20);
        assertThat(JdkServerLimits.maxThreads(Map.of(JdkServerLimits.MAX_CONNECTIONS, "0"), eight)).isEqualTo(72);
        assertThat(JdkServerLimits.maxThreads(Map.of(JdkServerLimits.MAX_CONNECTIONS, "many"), eight)).isEqualTo(72);
        assertThat(JdkServerLimits.maxThreads(Map.of(JdkServerLimits.MAX_CONNECTIONS, "4000"),
                settings(Duration.ofSeconds(1), 2000))).isEqualTo(2064);
    }
}
