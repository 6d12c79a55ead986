package io.glasscache.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code server.netty.idle-timeout} over real sockets, shortened to a second here (the demo's is a minute): a
 * connection that never sends a request, and one kept alive after its answer, are closed by the server; a request
 * in progress is not cut by it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "glasscache.memcached.enabled=false",
        "demo.feature-store.latency-median=1ms",
        "demo.feature-store.latency-p99=3ms",
        "management.server.port=0",
        "server.netty.idle-timeout=1s"})
class IdleConnectionsTest {

    @TempDir
    static Path snapshots;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("glasscache.failover.snapshot-dir", () -> snapshots.toString());
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void aConnectionThatSendsNothingIsClosedByTheServer() throws IOException {
        try (Socket silent = connect(port)) {
            awaitClosedByServer(silent);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterItsAnswerOnceIdle() throws IOException {
        try (Socket kept = connect(port)) {
            kept.getOutputStream().write(("GET /api/v1/recommendations?userId=u1&scene=home HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readStatusLine(kept.getInputStream())).startsWith("HTTP/1.1 200");
            awaitClosedByServer(kept);
        }
    }

    @Test
    void theManagementPortClosesIdleConnectionsToo() throws IOException {
        try (Socket silent = connect(managementPort)) {
            awaitClosedByServer(silent);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(200);
        return socket;
    }

    /** Reads (and drops) whatever is left until the server closes the connection: read returns -1. */
    private static void awaitClosedByServer(Socket socket) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).until(() -> {
            try {
                InputStream in = socket.getInputStream();
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            }
        });
    }

    private static String readStatusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).until(() -> {
            try {
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.append((char) b);
                }
                return true;
            } catch (SocketTimeoutException notYet) {
                return false;
            }
        });
        return line.toString().trim();
    }
}
