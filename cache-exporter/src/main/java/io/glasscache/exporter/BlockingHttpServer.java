package io.glasscache.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP/1.1 server on blocking sockets, just what a metrics endpoint needs: GET and HEAD without request
 * bodies, keep-alive, responses of known length written with one write. It replaced the JDK's
 * {@code com.sun.net.httpserver}, whose selector dispatch (register, deregister, blocking-mode switches and a
 * wake-up per connection) cost ~0.35 ms of a scrape's p50 on loopback; here the acceptor hands the socket straight
 * to a worker thread, which reads, answers and writes.
 *
 * <p>Bounds: at most {@link Limits#maxConnections} open connections (beyond that the longest-idle keep-alive
 * connection is closed, else the newcomer gets 503); a request head must arrive complete within
 * {@link Limits#headTimeout} (else 408 and the connection is closed), and may be at most
 * {@value #MAX_REQUEST_LINE} bytes of request line (414) and {@value #MAX_HEAD} bytes with at most
 * {@value #MAX_HEADERS} header lines in all (431); a response write still unfinished after
 * {@link Limits#writeTimeout} (a client that stopped reading) has its connection closed by a reaper thread.
 * Malformed requests get 400, unsupported versions 505, all as problem+json, and the connection is then closed.
 */
final class BlockingHttpServer implements AutoCloseable {

    static final int MAX_REQUEST_LINE = 8 * 1024;
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_HEADERS = 100;
    /** Bodies up to this size go out in one write with their headers; larger ones in two. */
    private static final int MAX_COMBINED = 1 << 20;

    private static final Logger LOG = Logger.getLogger(BlockingHttpServer.class.getName());
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /**
     * @param headTimeout    time for a complete request head to arrive, from accept or from its first byte
     * @param idleTimeout    how long a keep-alive connection may wait for its next request
     * @param writeTimeout   how long one response write may take before the connection is closed
     * @param maxConnections open connections at most (idle keep-alive ones included)
     */
    record Limits(Duration headTimeout, Duration idleTimeout, Duration writeTimeout, int maxConnections) {
        static Limits defaults(int maxRequests) {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                    maxRequests + 64);
        }
    }

    @FunctionalInterface
    interface Handler {
        /** Must answer with {@link Exchange#send}; throwing before that gets a 500. */
        void handle(Exchange exchange) throws IOException;
    }

    private final Handler handler;
    private final Limits limits;
    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor workers;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;
    private final Thread reaper;
    private volatile boolean stopping;

    BlockingHttpServer(InetSocketAddress bind, Limits limits, Handler handler) throws IOException {
        this.handler = handler;
        this.limits = limits;
        this.serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(bind, 128);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        AtomicInteger threads = new AtomicInteger();
        // one thread per open connection, created on demand and kept 60 s for the next one; the connection count
        // is checked before submitting, so the pool never has to refuse
        this.workers = new ThreadPoolExecutor(0, 2 * limits.maxConnections(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> daemon(r, "exporter-http-" + threads.incrementAndGet()));
        // not a daemon: like the JDK server's dispatcher, it keeps a standalone exporter's JVM running until stop
        this.acceptor = new Thread(this::acceptLoop, "exporter-http-accept");
        this.reaper = daemon(this::reapLoop, "exporter-http-reaper");
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    BlockingHttpServer start() {
        acceptor.start();
        reaper.start();
        return this;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections accepted since start (tests check keep-alive reuse with it). */
    long acceptedConnections() {
        return accepted.get();
    }

    int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!stopping) {
                    LOG.log(Level.WARNING, "accept failed: " + e.getMessage());
                    pause();
                }
                continue;
            }
            accepted.incrementAndGet();
            if (open.size() >= limits.maxConnections() && !closeLongestIdle()) {
                try {
                    workers.execute(() -> refuse(socket));
                } catch (RejectedExecutionException e) {
                    closeQuietly(socket); // a flood: not even a 503
                }
                continue;
            }
            Connection connection = new Connection(socket);
            open.add(connection);
            try {
                workers.execute(connection);
            } catch (RejectedExecutionException e) {
                open.remove(connection);
                closeQuietly(socket);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // e.g. out of file descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes room for a new connection by closing the keep-alive connection idle the longest, if any. */
    private boolean closeLongestIdle() {
        Connection longest = null;
        for (Connection c : open) {
            long since = c.idleSinceNanos;
            if (since != 0 && (longest == null || since - longest.idleSinceNanos < 0)) {
                longest = c;
            }
        }
        if (longest == null) {
            return false;
        }
        longest.closeSocket(); // its worker sees the close and ends; HTTP clients retry an idempotent GET
        open.remove(longest);
        return true;
    }

    /** 503 on a pool thread (not counted as a connection), then a bounded lingering close. */
    private void refuse(Socket socket) {
        try {
            byte[] body = problem(503, "more than " + limits.maxConnections() + " open HTTP connections");
            socket.getOutputStream().write(head(503, "application/problem+json", body.length, List.of(), true));
            socket.getOutputStream().write(body);
            lingeringClose(socket, new byte[4096]);
        } catch (IOException e) {
            // the client left already
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * After an answer that ends the connection (an error, a request body we did not read), reads and drops what
     * the client still sends for a moment (at most 1 s and 256 KB): closing with unread bytes would reset the
     * connection and could destroy the answer before the client reads it.
     */
    private static void lingeringClose(Socket socket, byte[] sink) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(500);
            InputStream input = socket.getInputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            int drained = 0;
            while (drained < 256 * 1024 && System.nanoTime() - deadline < 0) {
                int n = input.read(sink, 0, sink.length);
                if (n < 0) {
                    return;
                }
                drained += n;
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Closes connections whose current response write has taken longer than the write timeout. */
    private void reapLoop() {
        long timeout = limits.writeTimeout().toNanos();
        long period = Math.max(10, Math.min(1000, limits.writeTimeout().toMillis() / 4));
        while (!stopping) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection c : open) {
                long since = c.writingSinceNanos;
                if (since != 0 && now - since > timeout) {
                    LOG.log(Level.FINE, "closing a connection whose client stopped reading");
                    c.closeSocket();
                }
            }
        }
    }

    /**
     * Stops accepting, closes idle keep-alive connections, gives requests in progress up to {@code grace} to
     * finish, then closes whatever is left.
     */
    void stop(Duration grace) {
        stopping = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
        reaper.interrupt();
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            for (Connection c : open) {
                if (c.idleSinceNanos != 0) {
                    c.closeSocket();
                }
            }
            if (open.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.forEach(Connection::closeSocket);
        workers.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2));
    }

    /** A request as parsed, and its one response. */
    final class Exchange {
        private final Connection connection;
        private final String method;
        private final URI uri;
        private final String version;
        private final List<String> headers; // name, value, name, value...; names as sent
        private final List<String> responseHeaders = new ArrayList<>(4);
        private int status = -1;

        private Exchange(Connection connection, String method, URI uri, String version, List<String> headers) {
            this.connection = connection;
            this.method = method;
            this.uri = uri;
            this.version = version;
            this.headers = headers;
        }

        String method() {
            return method;
        }

        /** The request target; {@code getPath()} is decoded, {@code getRawQuery()} is not. */
        URI uri() {
            return uri;
        }

        /** The first value of a request header (name case-insensitive), or null. */
        String header(String name) {
            for (int i = 0; i < headers.size(); i += 2) {
                if (headers.get(i).equalsIgnoreCase(name)) {
                    return headers.get(i + 1);
                }
            }
            return null;
        }

        /** Adds a response header, before {@link #send}. */
        void responseHeader(String name, String value) {
            responseHeaders.add(name);
            responseHeaders.add(value);
        }

        /** The status sent, or -1 before {@link #send}. */
        int status() {
            return status;
        }

        /** Sends the one response, with a Content-Length; HEAD gets the headers only. */
        void send(int code, String contentType, byte[] body, int length) throws IOException {
            if (status >= 0) {
                throw new IllegalStateException("response already sent");
            }
            status = code;
            connection.respond(code, contentType, body, length, responseHeaders, method.equals("HEAD"),
                    !keepAlive());
        }

        private boolean keepAlive() {
            String connectionHeader = header("Connection");
            boolean close = connectionHeader != null && connectionHeader.toLowerCase(Locale.ROOT).contains("close");
            boolean hasBody = header("Transfer-Encoding") != null
                    || (header("Content-Length") != null && !header("Content-Length").trim().equals("0"));
            if (stopping || close || hasBody) { // a body we did not read: the connection is out of step
                return false;
            }
            return version.equals("HTTP/1.1") || (connectionHeader != null
                    && connectionHeader.toLowerCase(Locale.ROOT).contains("keep-alive"));
        }
    }

    /** A malformed or oversized request head: answered with {@code status} and the connection closed. */
    private static final class BadRequest extends Exception {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** One client connection, served by one worker thread for its whole life. */
    private final class Connection implements Runnable {
        private final Socket socket;
        private byte[] in = new byte[4096];
        private int filled;
        private byte[] out = new byte[0];
        /** nanoTime since waiting for a next request (0 while a request is being read or answered). */
        volatile long idleSinceNanos;
        /** nanoTime a response write started, 0 when none is in progress. */
        volatile long writingSinceNanos;
        private boolean closeAfter;

        Connection(Socket socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                socket.setTcpNoDelay(true);
                InputStream input = socket.getInputStream();
                boolean first = true;
                while (!stopping && !closeAfter) {
                    Exchange exchange;
                    try {
                        exchange = readRequest(input, first);
                    } catch (BadRequest e) {
                        byte[] body = problem(e.status, e.getMessage());
                        respond(e.status, "application/problem+json", body, body.length, List.of(), false, true);
                        break;
                    }
                    if (exchange == null) {
                        break; // closed by the client, or idle too long
                    }
                    first = false;
                    serve(exchange);
                }
                if (closeAfter && !stopping) {
                    lingeringClose(socket, in);
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, () -> "HTTP connection ended: " + e.getMessage());
            } finally {
                open.remove(this);
                closeSocket();
            }
        }

        private void serve(Exchange exchange) throws IOException {
            try {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request failed", e);
                if (exchange.status() < 0) {
                    byte[] body = problem(500, String.valueOf(e.getMessage()));
                    respond(500, "application/problem+json", body, body.length, List.of(), false, true);
                }
                closeAfter = true;
            }
            if (exchange.status() < 0) { // a handler bug: never leave the client waiting
                byte[] body = problem(500, "no response");
                respond(500, "application/problem+json", body, body.length, List.of(), false, true);
            }
        }

        /**
         * Reads one request head. Returns null when the client closed the connection (or stayed idle past the
         * idle timeout) between requests; throws BadRequest for a malformed, oversized or too slow head.
         */
        private Exchange readRequest(InputStream input, boolean first) throws IOException, BadRequest {
            // a new connection, or bytes of a pipelined request already here: the head is due within the head timeout
            long headDeadline = first || filled > 0 ? System.nanoTime() + limits.headTimeout().toNanos() : 0;
            if (filled == 0) {
                idleSinceNanos = System.nanoTime();
            }
            int scanned = 0;
            int end;
            try {
                while ((end = headEnd(scanned)) < 0) {
                    scanned = Math.max(0, filled - 3);
                    if (filled >= MAX_HEAD) {
                        throw tooLarge();
                    }
                    if (filled == in.length) {
                        in = java.util.Arrays.copyOf(in, Math.min(MAX_HEAD, in.length * 2));
                    }
                    long now = System.nanoTime();
                    long waitNanos = headDeadline != 0 ? headDeadline - now
                            : limits.idleTimeout().toNanos() - (now - idleSinceNanos);
                    if (waitNanos <= 0) {
                        throw new SocketTimeoutException();
                    }
                    socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                    int n = input.read(in, filled, in.length - filled);
                    if (n < 0) {
                        if (filled == 0) {
                            return null;
                        }
                        throw new BadRequest(400, "connection closed in the middle of a request head");
                    }
                    if (filled == 0 && headDeadline == 0) { // a keep-alive request starts: its head now has a deadline
                        headDeadline = System.nanoTime() + limits.headTimeout().toNanos();
                        idleSinceNanos = 0;
                    }
                    filled += n;
                }
            } catch (SocketTimeoutException e) {
                if (filled == 0 && !first) {
                    return null; // idle keep-alive connection: close quietly
                }
                throw new BadRequest(408, "request head not received within " + limits.headTimeout().toMillis()
                        + " ms");
            } catch (SocketException e) {
                if (filled == 0) {
                    return null; // closed under us (stop, or room made for another connection)
                }
                throw e;
            } finally {
                idleSinceNanos = 0;
            }
            Exchange exchange = parse(end);
            System.arraycopy(in, end, in, 0, filled - end); // keep a pipelined next request
            filled -= end;
            return exchange;
        }

        private BadRequest tooLarge() {
            int lineEnd = indexOf((byte) '\n', 0, filled);
            if (lineEnd < 0 || lineEnd > MAX_REQUEST_LINE) {
                return new BadRequest(414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
            }
            return new BadRequest(431, "request head longer than " + MAX_HEAD + " bytes");
        }

        /** Offset just past the blank line ending the head within in[0, filled), or -1; scans from {@code from}. */
        private int headEnd(int from) throws BadRequest {
            for (int i = from; i < filled; i++) {
                if (in[i] != '\n') {
                    continue;
                }
                if (i >= 1 && in[i - 1] == '\n') {
                    return i + 1;
                }
                if (i >= 2 && in[i - 1] == '\r' && in[i - 2] == '\n') {
                    return i + 1;
                }
                if (i == 0 || (i == 1 && in[0] == '\r')) {
                    // an empty line before the request line: RFC 9112 allows ignoring one
                    System.arraycopy(in, i + 1, in, 0, filled - i - 1);
                    filled -= i + 1;
                    return headEnd(0);
                }
            }
            int lineEnd = indexOf((byte) '\n', 0, filled);
            if ((lineEnd < 0 ? filled : lineEnd) > MAX_REQUEST_LINE) {
                throw new BadRequest(414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
            }
            return -1;
        }

        private int indexOf(byte b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (in[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private Exchange parse(int end) throws BadRequest {
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < end; i++) {
                if (in[i] == '\n') {
                    int lineEnd = i > start && in[i - 1] == '\r' ? i - 1 : i;
                    if (lineEnd > start) {
                        lines.add(new String(in, start, lineEnd - start, StandardCharsets.ISO_8859_1));
                    }
                    start = i + 1;
                }
            }
            if (lines.isEmpty()) {
                throw new BadRequest(400, "empty request");
            }
            if (lines.get(0).length() > MAX_REQUEST_LINE) {
                throw new BadRequest(414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
            }
            if (lines.size() - 1 > MAX_HEADERS) {
                throw new BadRequest(431, "more than " + MAX_HEADERS + " header lines");
            }
            String[] parts = lines.get(0).split(" ", -1);
            if (parts.length != 3 || !token(parts[0]) || parts[1].isEmpty()) {
                throw new BadRequest(400, "malformed request line");
            }
            if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
                if (parts[2].startsWith("HTTP/")) {
                    throw new BadRequest(505, "only HTTP/1.0 and HTTP/1.1 are supported");
                }
                throw new BadRequest(400, "malformed request line");
            }
            if (parts[1].charAt(0) != '/') {
                throw new BadRequest(400, "the request target must be a path");
            }
            URI uri;
            try {
                uri = new URI(parts[1]);
            } catch (URISyntaxException e) {
                throw new BadRequest(400, "malformed request target: " + e.getReason());
            }
            List<String> headers = new ArrayList<>((lines.size() - 1) * 2);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                int colon = line.indexOf(':');
                if (colon <= 0 || !token(line.substring(0, colon))) {
                    throw new BadRequest(400, "malformed header line"); // also obsolete line folding
                }
                headers.add(line.substring(0, colon));
                headers.add(line.substring(colon + 1).trim());
            }
            return new Exchange(this, parts[0], uri, parts[2], headers);
        }

        void respond(int status, String contentType, byte[] body, int length, List<String> extra, boolean head,
                     boolean close) throws IOException {
            closeAfter |= close;
            byte[] headBytes = head(status, contentType, length, extra, closeAfter);
            int bodyLength = head ? 0 : length;
            OutputStream output = socket.getOutputStream();
            writingSinceNanos = System.nanoTime();
            try {
                if (bodyLength <= MAX_COMBINED) { // one write: headers and body leave in one segment train
                    int total = headBytes.length + bodyLength;
                    if (out.length < total) {
                        out = new byte[Math.max(total, Math.min(MAX_COMBINED, out.length * 2))];
                    }
                    System.arraycopy(headBytes, 0, out, 0, headBytes.length);
                    System.arraycopy(body, 0, out, headBytes.length, bodyLength);
                    output.write(out, 0, total);
                } else {
                    output.write(headBytes);
                    output.write(body, 0, bodyLength);
                }
            } finally {
                writingSinceNanos = 0;
            }
            if (out.length > MAX_COMBINED / 4 && bodyLength < MAX_COMBINED / 16) {
                out = new byte[0]; // one huge answer does not pin its buffer for the connection's life
            }
        }

        void closeSocket() {
            closeQuietly(socket);
        }
    }

    private static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static byte[] head(int status, String contentType, int length, List<String> extra, boolean close) {
        StringBuilder head = new StringBuilder(160).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\nDate: ").append(date()).append("\r\nContent-Type: ")
                .append(contentType).append("\r\nContent-Length: ").append(length).append("\r\n");
        for (int i = 0; i < extra.size(); i += 2) {
            head.append(extra.get(i)).append(": ").append(extra.get(i + 1)).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static volatile long dateSecond = -1;
    private static volatile String dateText = "";

    /** The Date header, formatted once a second. */
    private static String date() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            dateText = HTTP_DATE.format(Instant.ofEpochSecond(second));
            dateSecond = second;
        }
        return dateText;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }

    /** An RFC 7807 problem+json body. */
    static byte[] problem(int status, String detail) {
        return ("{\"type\":\"about:blank\",\"title\":\"" + json(reason(status)) + "\",\"status\":" + status
                + ",\"detail\":\"" + json(detail) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
