package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exporter's HTTP/1.1 server over real loopback sockets: well-formed, malformed, slow and concurrent clients. */
class BlockingHttpServerTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofMillis(300);
    private static final byte[] LARGE = new byte[3 * 1024 * 1024 + 17];

    static {
        for (int i = 0; i < LARGE.length; i++) {
            LARGE[i] = (byte) ('a' + i % 26);
        }
    }

    private final AtomicInteger handled = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(0);
    private BlockingHttpServer server;

    private BlockingHttpServer start(int maxConnections) throws IOException {
        server = new BlockingHttpServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new BlockingHttpServer.Limits(HEAD_TIMEOUT, Duration.ofSeconds(5), Duration.ofMillis(500),
                        maxConnections), this::handle).start();
        return server;
    }

    private void handle(BlockingHttpServer.Exchange exchange) throws IOException {
        handled.incrementAndGet();
        String path = exchange.uri().getPath();
        switch (path) {
            case "/large" -> exchange.send(200, "application/octet-stream", LARGE, LARGE.length);
            case "/slow" -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, "slow done");
            }
            case "/boom" -> throw new IllegalStateException("handler failed");
            case "/silent" -> {
                // answers nothing: the server must still answer
            }
            default -> {
                exchange.responseHeader("X-Query", String.valueOf(exchange.uri().getRawQuery()));
                send(exchange, 200, "path=" + path + " ua=" + exchange.header("user-agent"));
            }
        }
    }

    private static void send(BlockingHttpServer.Exchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.send(status, "text/plain", body, body.length);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    /** A parsed response read off a raw socket: status, headers (lower-case names), body. */
    record Response(int status, java.util.Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one response with a Content-Length body (or none for HEAD). */
    static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + lines);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                line.reset();
                if (text.isEmpty()) {
                    break;
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
        int status = Integer.parseInt(lines.get(0).split(" ")[1]);
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        for (String h : lines.subList(1, lines.size())) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).toLowerCase(), h.substring(colon + 1).trim());
        }
        int length = head ? 0 : Integer.parseInt(headers.get("content-length"));
        byte[] body = in.readNBytes(length);
        assertThat(body).hasSize(length);
        return new Response(status, headers, body);
    }

    private Response exchange(String raw) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return read(socket.getInputStream(), raw.startsWith("HEAD"));
        }
    }

    @Test
    void answersGetWithContentLengthAndKeepsTheConnectionForTheNextRequests() throws Exception {
        start(8);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(("GET /a%20b?x=" + i + " HTTP/1.1\r\nHost: h\r\nUser-Agent: t" + i + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Response response = read(in, false);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("path=/a b ua=t" + i);
                assertThat(response.headers()).containsEntry("x-query", "x=" + i).containsKey("date")
                        .doesNotContainKey("connection");
            }
            // two requests in one write (pipelining): both answered, in order
            out.write("GET /p1 HTTP/1.1\r\n\r\nGET /p2 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(in, false).text()).startsWith("path=/p1 ");
            assertThat(read(in, false).text()).startsWith("path=/p2 ");
            // a request whose head is split across writes, the first part arriving behind a complete request
            out.write("GET /p3 HTTP/1.1\r\n\r\nGET /p4 HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(in, false).text()).startsWith("path=/p3 ");
            Thread.sleep(50);
            out.write("st: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(in, false).text()).startsWith("path=/p4 ");
        }
        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void javaHttpClientReusesOneConnection() throws Exception {
        start(8);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/k" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith("path=/k" + i);
        }
        assertThat(server.acceptedConnections()).isEqualTo(1);
    }

    @Test
    void headGetsTheLengthButNoBody() throws Exception {
        start(8);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("HEAD /h HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Response head = read(socket.getInputStream(), true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).containsEntry("content-length", Integer.toString("path=/h ua=null".length()));
            // had HEAD sent a body, this would read it as the next status line and fail
            assertThat(read(socket.getInputStream(), false).text()).startsWith("path=/after ");
        }
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        start(8);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /old HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Response response = read(socket.getInputStream(), false);
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /again HTTP/1.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket.getInputStream(), false).headers()).doesNotContainKey("connection");
            assertThat(read(socket.getInputStream(), false).text()).startsWith("path=/again");
        }
    }

    @Test
    void malformedRequestsGetProblemJsonAndTheConnectionIsClosed() throws Exception {
        start(8);
        String[][] cases = {
            {"GARBAGE\r\n\r\n", "400"},
            {"GET /x\r\n\r\n", "400"},
            {"GET  /x HTTP/1.1\r\n\r\n", "400"},
            {"G(T /x HTTP/1.1\r\n\r\n", "400"},
            {"GET x HTTP/1.1\r\n\r\n", "400"},
            {"GET /a b HTTP/1.1\r\n\r\n", "400"},
            {"GET /%zz HTTP/1.1\r\n\r\n", "400"},
            {"GET /x HTTP/1.1\r\nno colon here\r\n\r\n", "400"},
            {"GET /x HTTP/1.1\r\nBad Name: v\r\n\r\n", "400"},
            {"GET /x HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "400"},
            {"GET /x HTTP/2.0\r\n\r\n", "505"},
            {"GET /x FTP/1.0\r\n\r\n", "400"},
        };
        for (String[] c : cases) {
            try (Socket socket = connect()) {
                socket.getOutputStream().write(c[0].getBytes(StandardCharsets.ISO_8859_1));
                Response response = read(socket.getInputStream(), false);
                assertThat(response.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(response.headers()).as(c[0]).containsEntry("content-type", "application/problem+json")
                        .containsEntry("connection", "close");
                assertThat(response.text()).as(c[0]).contains("\"status\":" + c[1]);
                assertThat(socket.getInputStream().read()).as(c[0]).isEqualTo(-1);
            }
        }
        assertThat(handled.get()).isZero();
        // the server is still fine
        assertThat(exchange("GET /ok HTTP/1.1\r\n\r\n").status()).isEqualTo(200);
    }

    @Test
    void oversizedRequestLineAndHeadAreRefused() throws Exception {
        start(8);
        String longTarget = "/" + "a".repeat(BlockingHttpServer.MAX_REQUEST_LINE);
        assertThat(exchange("GET " + longTarget + " HTTP/1.1\r\n\r\n").status()).isEqualTo(414);
        // a request line that never ends
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /" + "b".repeat(BlockingHttpServer.MAX_REQUEST_LINE + 10))
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket.getInputStream(), false).status()).isEqualTo(414);
        }
        String bigHeader = "X-Big: " + "c".repeat(BlockingHttpServer.MAX_HEAD) + "\r\n";
        assertThat(exchange("GET /x HTTP/1.1\r\n" + bigHeader + "\r\n").status()).isEqualTo(431);
        StringBuilder many = new StringBuilder("GET /x HTTP/1.1\r\n");
        for (int i = 0; i <= BlockingHttpServer.MAX_HEADERS; i++) {
            many.append("H").append(i).append(": v\r\n");
        }
        assertThat(exchange(many.append("\r\n").toString()).status()).isEqualTo(431);
        assertThat(handled.get()).isZero();
    }

    @Test
    void aSlowClientIsCutOffAtTheHeadTimeout() throws Exception {
        start(8);
        try (Socket trickle = connect(); Socket silent = connect()) {
            long start = System.nanoTime();
            OutputStream out = trickle.getOutputStream();
            out.write("GET /x HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            Response response = null;
            for (int i = 0; i < 40 && response == null; i++) { // one header byte every 50 ms: never completes in time
                try {
                    out.write('X');
                    Thread.sleep(50);
                    if (trickle.getInputStream().available() > 0) {
                        response = read(trickle.getInputStream(), false);
                    }
                } catch (SocketException e) {
                    break;
                }
            }
            if (response == null) {
                response = read(trickle.getInputStream(), false);
            }
            assertThat(response.status()).isEqualTo(408);
            assertThat((System.nanoTime() - start) / 1e9).as("seconds until cut off").isLessThan(5.0);
            // a connection that sends nothing at all is cut off the same way
            assertThat(read(silent.getInputStream(), false).status()).isEqualTo(408);
        }
        assertThat(handled.get()).isZero();
        assertThat(exchange("GET /ok HTTP/1.1\r\n\r\n").status()).isEqualTo(200);
    }

    @Test
    void largeBodiesArriveIntactAndAClientThatStopsReadingIsDropped() throws Exception {
        start(8);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /large HTTP/1.1\r\n\r\nGET /large HTTP/1.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(read(socket.getInputStream(), false).body()).isEqualTo(LARGE);
            assertThat(read(socket.getInputStream(), false).body()).isEqualTo(LARGE);
        }
        try (Socket stalled = connect()) {
            stalled.setReceiveBufferSize(4096);
            // ask for many large bodies and read none: the server's writes stall and the reaper closes it
            stalled.getOutputStream().write("GET /large HTTP/1.1\r\n\r\n".repeat(20).getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.openConnections()).as("connections left open").isZero();
        }
        assertThat(exchange("GET /ok HTTP/1.1\r\n\r\n").status()).isEqualTo(200);
    }

    @Test
    void concurrentClientsAreServedInParallel() throws Exception {
        start(32);
        release = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<Future<Response>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(clients.submit(() -> exchange("GET /slow HTTP/1.1\r\n\r\n")));
            }
            // four requests blocked in the handler do not hold up the others
            List<Future<Response>> fast = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                fast.add(clients.submit(() -> exchange("GET /f" + n + " HTTP/1.1\r\n\r\n")));
            }
            for (int i = 0; i < fast.size(); i++) {
                Response response = fast.get(i).get(10, TimeUnit.SECONDS);
                assertThat(response.text()).startsWith("path=/f" + i + " ");
            }
            assertThat(slow).noneMatch(Future::isDone);
            release.countDown();
            for (Future<Response> f : slow) {
                assertThat(f.get(10, TimeUnit.SECONDS).text()).isEqualTo("slow done");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void beyondTheConnectionLimitIdleConnectionsMakeRoomElseNewcomersGet503() throws Exception {
        start(2);
        release = new CountDownLatch(1);
        try (Socket idle = connect()) {
            idle.getOutputStream().write("GET /first HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(idle.getInputStream(), false).status()).isEqualTo(200); // now idle, kept alive
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                Future<Response> busy1 = clients.submit(() -> exchange("GET /slow HTTP/1.1\r\n\r\n"));
                waitFor(() -> handled.get() == 2);
                // at the limit (idle + busy1): the idle one is closed to make room
                Future<Response> busy2 = clients.submit(() -> exchange("GET /slow HTTP/1.1\r\n\r\n"));
                waitFor(() -> handled.get() == 3);
                assertThat(idle.getInputStream().read()).isEqualTo(-1);
                // two busy connections, none idle: refused
                Response refused = exchange("GET /third HTTP/1.1\r\n\r\n");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.headers()).containsEntry("content-type", "application/problem+json");
                release.countDown();
                assertThat(busy1.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(busy2.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            } finally {
                clients.shutdownNow();
            }
        }
        waitFor(() -> server.openConnections() == 0);
        assertThat(exchange("GET /ok HTTP/1.1\r\n\r\n").status()).isEqualTo(200);
    }

    @Test
    void aFailingOrSilentHandlerStillAnswers500() throws Exception {
        start(8);
        Response boom = exchange("GET /boom HTTP/1.1\r\n\r\n");
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.text()).contains("handler failed");
        assertThat(exchange("GET /silent HTTP/1.1\r\n\r\n").status()).isEqualTo(500);
    }

    @Test
    void requestsWithABodyAreAnsweredThenTheConnectionIsClosed() throws Exception {
        start(8);
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                    .getBytes(StandardCharsets.US_ASCII));
            Response response = read(socket.getInputStream(), false);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void stopLetsARequestInProgressFinishAndRefusesNewConnections() throws Exception {
        start(8);
        release = new CountDownLatch(1);
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try {
            Future<Response> inProgress = clients.submit(() -> exchange("GET /slow HTTP/1.1\r\n\r\n"));
            waitFor(() -> handled.get() == 1);
            int port = server.port();
            Thread stopper = new Thread(() -> server.stop(Duration.ofSeconds(5)));
            stopper.start();
            Thread.sleep(100);
            release.countDown();
            Response response = inProgress.get(10, TimeUnit.SECONDS);
            assertThat(response.text()).isEqualTo("slow done");
            assertThat(response.headers()).containsEntry("connection", "close");
            stopper.join(10_000);
            assertThat(stopper.isAlive()).isFalse();
            assertThat(server.openConnections()).isZero();
            try (Socket late = new Socket(InetAddress.getLoopbackAddress(), port)) {
                late.setSoTimeout(2000);
                assertThat(late.getInputStream().read()).isEqualTo(-1); // only if some other process took the port
            } catch (IOException expected) {
                // connection refused: nobody listens any more
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void reasonPhrases() {
        assertThat(Arrays.asList(400, 404, 405, 408, 414, 431, 503, 505)).allSatisfy(code ->
                assertThat(BlockingHttpServer.reason(code)).doesNotStartWith("Status"));
    }
}
