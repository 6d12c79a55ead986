package io.glasscache.demo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP client against real servers on loopback: the JDK's HTTP server, raw sockets. */
class KeepAliveHttpClientTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    /** What one request ended with. */
    private record Result(int status, String body, String failure) {
    }

    private static final class Collector implements KeepAliveHttpClient.Outcome {
        final CompletableFuture<Result> result = new CompletableFuture<>();

        @Override
        public void response(int status, byte[] body, int offset, int length) {
            result.complete(new Result(status, new String(body, offset, length, StandardCharsets.UTF_8), null));
        }

        @Override
        public void failure(String reason) {
            result.complete(new Result(-1, null, reason));
        }

        Result await() throws Exception {
            return result.get(10, TimeUnit.SECONDS);
        }
    }

    private HttpServer jdkServer(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
        resources.add(() -> server.stop(0));
        return server;
    }

    private KeepAliveHttpClient client(int port, int connections, Duration timeout) throws IOException {
        KeepAliveHttpClient client = new KeepAliveHttpClient(URI.create("http://127.0.0.1:" + port), connections,
                timeout);
        resources.add(client);
        return client;
    }

    /** What a raw server does with one connection; the connection is closed when it returns or throws. */
    private interface Script {
        void run(Socket s) throws Exception;
    }

    /** A raw server: each accepted connection is handed to {@code script} on its own thread. */
    private int rawServer(Script script) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    resources.add(s);
                    Thread t = new Thread(() -> {
                        try (s) {
                            script.run(s);
                        } catch (Exception ignored) {
                            // the tests check the client's side
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    /** Reads a request head, then writes {@code response}. */
    private static void answer(Socket s, String response) throws IOException {
        readHead(s.getInputStream());
        s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a request head and never answers. */
    private static void neverAnswer(Socket s) throws Exception {
        readHead(s.getInputStream());
        Thread.sleep(5_000);
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof");
            }
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Test
    void answersManyRequestsOverAFewKeptAliveConnections() throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        HttpServer server = jdkServer(exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = ("echo " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        KeepAliveHttpClient client = client(server.getAddress().getPort(), 4, Duration.ofSeconds(5));
        List<Collector> collectors = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Collector c = new Collector();
            collectors.add(c);
            client.get("/api?i=" + i, c);
        }
        for (int i = 0; i < 200; i++) {
            assertThat(collectors.get(i).await()).isEqualTo(new Result(200, "echo /api?i=" + i, null));
        }
        assertThat(clientPorts).hasSizeBetween(1, 4);
    }

    @Test
    void decodesAChunkedBodyAndKeepsTheConnection() throws Exception {
        String part = "0123456789abcdef".repeat(700); // several reads of the client's 8 KB buffer
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        HttpServer server = jdkServer(exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(200, 0); // no length: the JDK server sends chunks
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(part.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        });
        KeepAliveHttpClient client = client(server.getAddress().getPort(), 1, Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            Collector c = new Collector();
            client.get("/chunked", c);
            assertThat(c.await()).isEqualTo(new Result(200, part.repeat(3), null));
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws Exception {
        int port = rawServer(s -> {
            answer(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;name=x\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n");
            s.getInputStream().read(); // until the client closes
        });
        Collector c = new Collector();
        client(port, 1, Duration.ofSeconds(5)).get("/", c);
        assertThat(c.await()).isEqualTo(new Result(200, "hello world", null));
    }

    @Test
    void aStatusOtherThan200IsAResponseWithItsStatus() throws Exception {
        HttpServer server = jdkServer(exchange -> {
            byte[] body = "{\"title\":\"Bad Request\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        Collector c = new Collector();
        client(server.getAddress().getPort(), 2, Duration.ofSeconds(5)).get("/bad", c);
        assertThat(c.await()).isEqualTo(new Result(400, "{\"title\":\"Bad Request\"}", null));
    }

    @Test
    void aBodyWithoutALengthEndsWhenTheServerCloses() throws Exception {
        int port = rawServer(s -> answer(s, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close"));
        KeepAliveHttpClient client = client(port, 1, Duration.ofSeconds(5));
        for (int i = 0; i < 2; i++) { // the second needs a new connection
            Collector c = new Collector();
            client.get("/", c);
            assertThat(c.await()).isEqualTo(new Result(200, "until close", null));
        }
    }

    @Test
    void aSilentServerTimesTheRequestOut() throws Exception {
        int port = rawServer(KeepAliveHttpClientTest::neverAnswer);
        Collector c = new Collector();
        long start = System.nanoTime();
        client(port, 1, Duration.ofMillis(200)).get("/", c);
        Result result = c.await();
        assertThat(result.failure()).startsWith("no response within");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void requestsWaitingForTheOnlyConnectionTimeOutToo() throws Exception {
        int port = rawServer(KeepAliveHttpClientTest::neverAnswer);
        KeepAliveHttpClient client = client(port, 1, Duration.ofMillis(200));
        Collector first = new Collector();
        Collector second = new Collector();
        client.get("/", first);
        client.get("/", second);
        assertThat(first.await().failure()).startsWith("no response within");
        assertThat(second.await().failure()).isNotNull();
    }

    @Test
    void aRefusedConnectionFailsTheRequest() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        KeepAliveHttpClient client = client(port, 2, Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            Collector c = new Collector();
            client.get("/", c);
            assertThat(c.await().failure()).contains("Connection refused");
        }
    }

    @Test
    void notHttpIsAFailureNamingWhatCame() throws Exception {
        int port = rawServer(s -> {
            answer(s, "SSH-2.0-OpenSSH\r\n\r\n");
            s.getInputStream().read(); // until the client closes
        });
        Collector c = new Collector();
        client(port, 1, Duration.ofSeconds(5)).get("/", c);
        assertThat(c.await().failure()).contains("not an HTTP/1.x status line: SSH-2.0-OpenSSH");
    }

    @Test
    void aServerClosingAKeptAliveConnectionIsRetriedOnceOnANewOne() throws Exception {
        // Answers one request per connection but claims keep-alive, then closes: the next request on that
        // connection sees the close before any byte and goes out again on a new connection.
        int port = rawServer(s -> {
            answer(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            readHead(s.getInputStream()); // then closes with the second request unanswered
        });
        KeepAliveHttpClient client = client(port, 1, Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            Collector c = new Collector();
            client.get("/", c);
            assertThat(c.await()).isEqualTo(new Result(200, "ok", null));
        }
    }

    @Test
    void findsBytes() {
        byte[] hay = "ab\"source\":\"model\"".getBytes(StandardCharsets.US_ASCII);
        assertThat(KeepAliveHttpClient.indexOf(hay, 0, hay.length, "\"source\":\"model\"".getBytes()))
                .isEqualTo(2);
        assertThat(KeepAliveHttpClient.indexOf(hay, 0, hay.length - 1, "\"source\":\"model\"".getBytes()))
                .isEqualTo(-1);
        assertThat(KeepAliveHttpClient.indexOf(hay, 3, hay.length, "\"source\"".getBytes())).isEqualTo(-1);
    }
}
