package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bugs the suite found that are still open (docs/reliability.md, "Bugs found"), each as a test of the right
 * behaviour: each fails until its bug is fixed. Excluded from every build; run them with
 * {@code ./mvnw -pl reliability verify -Dit.test=KnownBugsIT}.
 */
@ExtendWith(StackExtension.class)
@Order(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnownBugsIT {

    /** BUG-4: hundreds of idle connections take every connection the exporter's JDK server accepts. */
    @Test
    @Order(4)
    void theExporterAnswersAScrapeWhileIdleConnectionsAreHeld(Stack stack) {
        try (HeldConnections idle = HeldConnections.open(stack.exporterPort, 200, null)) {
            assertThat(Wire.get(stack.exporter("/metrics"), Duration.ofSeconds(5))).as("a new client's scrape")
                    .isEqualTo(200);
        }
    }

    /**
     * BUG-5: a connection reset by its client while the exporter writes the answer stays counted against the JDK
     * server's connection cap until the idle sweep (a minute); a few hundred such scrapes lock every new client
     * out. Shown on an exporter of its own (its memcached unreachable, so each answer starts at once; on the stack's,
     * with a live memcached, it took more resets than the test sends).
     */
    @Test
    @Order(5)
    void theExporterKeepsAcceptingAfterClientsResetTheirScrapes(@org.junit.jupiter.api.io.TempDir Path dir) {
        int port = io.glasscache.testing.FreePort.pick();
        try (var exporter = exporter(dir, port, "--memcached.address=127.0.0.1:" + io.glasscache.testing.FreePort
                .pick())) {
            byte[] scrape = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            int reset = 0;
            String stopped = "";
            for (; reset < 1500; reset++) { // bounded: 1500 scrapes, one at a time
                try (Socket socket = new Socket()) {
                    socket.setSoLinger(true, 0); // a reset, not a close
                    socket.connect(new InetSocketAddress(Stack.HOST, port), 2000);
                    socket.setSoTimeout(5000);
                    socket.getOutputStream().write(scrape);
                    if (Wire.status(socket.getInputStream()) != 200) { // the status line, then go away mid-answer
                        stopped = " (then no more answers)";
                        break;
                    }
                } catch (IOException refused) {
                    stopped = " (then " + refused + ")";
                    break; // locked out already
                }
            }
            assertThat(Wire.get(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"), Duration.ofSeconds(5)))
                    .as("a new client's scrape after " + reset + " scrapes reset mid-answer" + stopped)
                    .isEqualTo(200);
        }
    }

    /** The shipped exporter jar, with the recommended flags, on {@code port}; returned once it answers. */
    private static io.glasscache.testing.ManagedProcess exporter(Path dir, int port, String... flags) {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-Xmx32m", "-Xms8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                Project.file(Stack.EXPORTER_JAR).toString(), "--web.listen-address=127.0.0.1:" + port));
        command.addAll(List.of(flags));
        var exporter = io.glasscache.testing.ManagedProcess.start("exporter-" + port, command,
                dir.resolve("exporter-" + port + ".log"));
        Faults.until("the exporter up", Duration.ofSeconds(60), () -> Http.get(java.net.URI.create(
                "http://127.0.0.1:" + port + "/")).statusCode() == 200);
        return exporter;
    }

}
