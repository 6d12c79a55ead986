package io.glasscache.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code server.netty.idle-timeout} over real sockets, shortened to a second here (the demo's is a minute): a
 * connection that never sends a request, and one kept alive after its answer, are closed by the server, on both
 * ports. A read that is still waiting after 10 s fails the test.
 */
@TestPropertySource(properties = "server.netty.idle-timeout=1s")
class IdleConnectionsTest extends BothPortsOverSocketsTest {

    @Test
    void aConnectionThatSendsNothingIsClosedByTheServer() throws IOException {
        try (Socket silent = connect(port)) {
            assertThat(silent.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterItsAnswerOnceIdle() throws IOException {
        try (Socket kept = connect(port)) {
            kept.getOutputStream().write(("GET /api/v1/recommendations?userId=u1&scene=home HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntilClosed(kept.getInputStream())).as("the answer, then the end of the stream")
                    .startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void theManagementPortClosesIdleConnectionsToo() throws IOException {
        try (Socket silent = connect(managementPort)) {
            assertThat(silent.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(10_000); // a connection the server keeps open ends in SocketTimeoutException
        return socket;
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
