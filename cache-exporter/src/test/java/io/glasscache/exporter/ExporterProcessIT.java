package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.glasscache.testing.FreePort;
import io.glasscache.testing.ManagedProcess;
import io.glasscache.testing.MemcachedExtension;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded jar as it ships, in its own JVM with the recommended flags of docs/exporter.md, and the JDK HTTP
 * server's protections over real sockets. The JDK reads its limits once per JVM, so each set gets a process of its
 * own, with short values given as {@code -D} (which win over the exporter's defaults, see JdkServerLimits): what is
 * checked is what the JDK does when a limit is hit. It answers no 408, 414 or 431: it closes the connection.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExporterProcessIT {

    private static final Path JAR = Path.of("target/cache-exporter.jar");
    private static final Duration PATIENCE = Duration.ofSeconds(8);

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(16).build();

    /**
     * Time limits of one second (the JDK's unit), checked every 200 ms, small head limits, and a scrape timeout far
     * above the response limit.
     */
    private static Exporter timeouts;
    /** At most four connections, one of them idle. */
    private static Exporter caps;

    @BeforeAll
    static void start() throws Exception {
        GoldenCaptureIT.fill(MEMCACHED.server(), 5);
        timeouts = new Exporter("timeouts", List.of("-Dsun.net.httpserver.maxReqTime=1",
                "-Dsun.net.httpserver.maxRspTime=1", "-Dsun.net.httpserver.idleInterval=1",
                "-Dsun.net.httpserver.clockTick=200", "-Dsun.net.httpserver.timerMillis=200",
                "-Dsun.net.httpserver.maxReqHeaders=10", "-Dsun.net.httpserver.maxReqHeaderSize=2048"),
                "--memcached.timeout=20s");
        caps = new Exporter("caps", List.of("-Djdk.httpserver.maxConnections=4",
                "-Dsun.net.httpserver.maxIdleConnections=1"));
    }

    @AfterAll
    static void stop() {
        if (timeouts != null) {
            timeouts.process.close();
        }
        if (caps != null) {
            caps.process.close();
        }
    }

    /** The exporter's JVM; up once its port answers a scrape. */
    private static final class Exporter {
        final int port = FreePort.pick();
        final ManagedProcess process;

        Exporter(String name, List<String> properties, String... flags) throws Exception {
            assertThat(JAR).as("the shaded jar, built by the package phase").isRegularFile();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(JvmFlags.recommended());
            command.addAll(properties);
            command.addAll(List.of("-jar", JAR.toString(), "--memcached.address=" + MEMCACHED.server().address(),
                    "--web.listen-address=127.0.0.1:" + port));
            command.addAll(List.of(flags));
            Path log = Files.createTempFile("exporter-" + name, ".log");
            process = ManagedProcess.start("exporter-" + name, command, log);
            try {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> scrape(port).status() == 200);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("exporter-" + name + " did not come up:\n" + process.logTail(), e);
            }
        }
    }

    private static RawHttp.Response scrape(int port) throws Exception {
        try (RawHttp connection = RawHttp.connect(port)) {
            return connection.get("/metrics").read(false);
        }
    }

    private static void awaitClosedWithoutAnswer(RawHttp connection) {
        await().atMost(PATIENCE).until(connection::closedByServer);
    }

    @Test
    void servesScrapesWithTheRecommendedFlags() throws Exception {
        RawHttp.Response response = scrape(timeouts.port);
        assertThat(Golden.samples(response.text())).containsEntry("memcached_up", 1.0)
                .containsKey("memcached_slab_current_chunks{slab=\"2\"}");
        assertThat(timeouts.process.isAlive()).isTrue();
    }

    @Test
    void aRequestHeadNotCompleteWithinMaxReqTimeHasItsConnectionClosed() throws Exception {
        try (RawHttp slow = RawHttp.connect(timeouts.port)) {
            slow.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // and never the empty line
            awaitClosedWithoutAnswer(slow);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        try (RawHttp silent = RawHttp.connect(timeouts.port)) {
            awaitClosedWithoutAnswer(silent);
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterIdleInterval() throws Exception {
        try (RawHttp kept = RawHttp.connect(timeouts.port)) {
            assertThat(kept.get("/metrics").read(false).status()).isEqualTo(200);
            assertThat(kept.get("/").read(false).status()).as("kept for the next request").isEqualTo(200);
            awaitClosedWithoutAnswer(kept);
        }
    }

    @Test
    void aHeadPastTheSizeOrHeaderCountLimitHasItsConnectionClosed() throws Exception {
        try (RawHttp large = RawHttp.connect(timeouts.port)) {
            large.get("/metrics", "X-Large: " + "x".repeat(3000));
            awaitClosedWithoutAnswer(large);
        }
        try (RawHttp longTarget = RawHttp.connect(timeouts.port)) {
            longTarget.get("/scrape?target=" + "x".repeat(3000));
            awaitClosedWithoutAnswer(longTarget);
        }
        try (RawHttp many = RawHttp.connect(timeouts.port)) {
            String[] headers = new String[11];
            for (int i = 0; i < headers.length; i++) {
                headers[i] = "X-Header-" + i + ": " + i;
            }
            many.get("/metrics", headers);
            awaitClosedWithoutAnswer(many);
        }
        try (RawHttp within = RawHttp.connect(timeouts.port)) {
            assertThat(within.get("/metrics", "X-Small: " + "x".repeat(1000)).read(false).status()).isEqualTo(200);
        }
    }

    /** memcached frozen, the scrape waits on it (timeout 20 s): at maxRspTime the JDK closes the connection. */
    @Test
    void aResponseNotCompleteWithinMaxRspTimeHasItsConnectionClosed() throws Exception {
        scrape(timeouts.port);
        MEMCACHED.server().freeze();
        try (RawHttp waiting = RawHttp.connect(timeouts.port)) {
            waiting.get("/metrics");
            awaitClosedWithoutAnswer(waiting);
        } finally {
            MEMCACHED.server().resume();
        }
        await().atMost(PATIENCE).ignoreExceptions().until(() -> Golden.samples(scrape(timeouts.port).text())
                .get("memcached_up") == 1.0);
    }

    @Test
    void pastMaxIdleConnectionsAConnectionIsClosedAfterItsResponse() throws Exception {
        try (RawHttp first = RawHttp.connect(caps.port); RawHttp second = RawHttp.connect(caps.port)) {
            assertThat(first.get("/").read(false).status()).isEqualTo(200);
            assertThat(second.get("/").read(false).status()).isEqualTo(200);
            awaitClosedWithoutAnswer(second);
            assertThat(first.get("/").read(false).status()).as("the one idle connection is kept").isEqualTo(200);
        }
    }

    @Test
    void pastMaxConnectionsANewConnectionIsClosedAtOnceUntilOneIsFree() throws Exception {
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(RawHttp.connect(caps.port));
            }
            await().atMost(PATIENCE).untilAsserted(() -> {
                try (RawHttp beyond = RawHttp.connect(caps.port)) {
                    beyond.get("/", "Connection: close");
                    assertThat(beyond.readToEnd()).as("no answer past the cap").isEmpty();
                }
            });
            open.remove(0).close();
            await().atMost(PATIENCE).ignoreExceptions().until(() -> {
                try (RawHttp again = RawHttp.connect(caps.port)) {
                    return again.get("/").read(false).status() == 200;
                }
            });
        } finally {
            for (RawHttp connection : open) {
                connection.close();
            }
        }
    }
}
