package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Clients that go away in the middle of their answer, the way a scraper does when its timeout fires: the exporter
 * must release each connection at once, not when the JDK server's sweep finds it (BUG-5 in docs/reliability.md: a
 * few hundred such scrapes filled the connection cap). On an exporter of its own, whose memcached is unreachable so
 * that each answer starts at once.
 */
class ExporterClientResetIT {

    /** 300 scrapes, each reset by its client after the status line: the descriptors are back within 10 s. */
    @Test
    void theExporterClosesAConnectionItsClientResetMidAnswer(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        int port = io.glasscache.testing.FreePort.pick();
        try (var exporter = exporter(dir, port, "--memcached.address=127.0.0.1:" + io.glasscache.testing.FreePort
                .pick())) {
            long before = descriptors(exporter.pid());
            byte[] scrape = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int reset = 0; reset < 300; reset++) { // bounded: 300 scrapes, one at a time
                try (Socket socket = new Socket()) {
                    socket.setSoLinger(true, 0); // a reset, not a close
                    socket.connect(new InetSocketAddress(Stack.HOST, port), 2000);
                    socket.setSoTimeout(5000);
                    socket.getOutputStream().write(scrape);
                    assertThat(Wire.status(socket.getInputStream())).as("scrape " + reset).isEqualTo(200);
                } // then go away mid-answer
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(descriptors(exporter.pid())).as("the exporter's descriptors after 300 resets (" + before
                            + " before them)").isLessThanOrEqualTo(before + 4));
        }
    }

    private static long descriptors(long pid) throws IOException {
        try (var fds = java.nio.file.Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
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
