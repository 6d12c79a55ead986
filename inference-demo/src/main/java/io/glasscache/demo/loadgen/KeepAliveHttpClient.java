package io.glasscache.demo.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's HTTP/1.1 client: GETs to one host over at most {@code maxConnections} keep-alive connections,
 * one request at a time on each, every socket driven by one selector thread. Requests beyond the connections wait in
 * order. A request not answered within the timeout (counted from {@link #get}) fails and its connection is closed.
 *
 * <p>Why not a general client: on a 2-core machine the load generator shares the CPU with the demo it measures.
 * Reactor Netty's client cost ~0.26 ms of CPU per request (C1-compiled, as the bench runs it), half of what the
 * demo spends answering; this one does only what the measurement needs: one write, reads into a reused buffer, and
 * a parse of the status line, {@code Content-Length}, {@code Transfer-Encoding: chunked} and {@code Connection:
 * close}. A body without a length ends when the server closes the connection.
 *
 * <p>{@link Outcome} callbacks run on the client's thread and must not block it.
 */
final class KeepAliveHttpClient implements AutoCloseable {

    /** How a request ended: exactly one of the two is called, once. */
    interface Outcome {
        /** A complete response; {@code body} is only valid during the call. */
        void response(int status, byte[] body, int offset, int length);

        void failure(String reason);
    }

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final InetSocketAddress address;
    private final String requestPrefix;
    private final String requestSuffix;
    private final int maxConnections;
    private final long timeoutNanos;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Request> submitted = new ConcurrentLinkedQueue<>();
    // Owned by the client's thread:
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> open = new HashSet<>();
    private volatile boolean running = true;

    KeepAliveHttpClient(URI base, int maxConnections, Duration timeout) throws IOException {
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("only http://host[:port] targets are supported: " + base);
        }
        int port = base.getPort() == -1 ? 80 : base.getPort();
        this.address = new InetSocketAddress(base.getHost(), port);
        if (address.isUnresolved()) {
            throw new IOException("cannot resolve " + base.getHost());
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.requestPrefix = "GET " + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        this.requestSuffix = " HTTP/1.1\r\nHost: " + base.getRawAuthority() + "\r\nAccept: application/json\r\n"
                + "User-Agent: glasscache-loadgen\r\n\r\n";
        this.maxConnections = maxConnections;
        this.timeoutNanos = timeout.toNanos();
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "loadgen-http");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends {@code GET <base path><pathAndQuery>} (from any thread, never blocks); the outcome follows later. */
    void get(String pathAndQuery, Outcome outcome) {
        byte[] bytes = (requestPrefix + pathAndQuery + requestSuffix).getBytes(StandardCharsets.UTF_8);
        submitted.add(new Request(bytes, outcome, System.nanoTime()));
        selector.wakeup();
    }

    /** Stops the client's thread and closes every connection; requests still open get no outcome. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        try {
            while (running) {
                selector.select(this::ready, 5);
                Request request;
                while ((request = submitted.poll()) != null) {
                    dispatch(request);
                }
                while (!waiting.isEmpty() && open.size() < maxConnections) { // connections closed meanwhile
                    connect(waiting.poll());
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + SWEEP_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only a broken selector gets here: fail what is open rather than leave it hanging.
            for (Connection c : new ArrayList<>(open)) {
                c.fail("load generator HTTP client stopped: " + e);
            }
            failWaiting("load generator HTTP client stopped: " + e);
        } finally {
            for (Connection c : new ArrayList<>(open)) {
                c.close();
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    private void dispatch(Request request) {
        Connection c = idle.pollLast(); // the most recently used: a few connections stay warm
        if (c != null) {
            c.send(request);
        } else if (open.size() < maxConnections) {
            connect(request);
        } else {
            waiting.add(request);
        }
    }

    private void connect(Request request) {
        Connection c;
        try {
            c = new Connection(SocketChannel.open());
        } catch (IOException e) {
            request.outcome.failure("cannot open a socket: " + e.getMessage());
            return;
        }
        open.add(c);
        c.current = request;
        try {
            c.channel.configureBlocking(false);
            c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // a request is one small write
            if (c.channel.connect(address)) {
                c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
                c.write(request);
            } else {
                c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            c.fail("cannot connect to " + address + ": " + e.getMessage());
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                c.write(c.current);
                return;
            }
            if (key.isWritable()) {
                c.flush();
            }
            if (key.isReadable()) {
                c.read();
            }
        } catch (IOException | RuntimeException e) {
            c.fail(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Fails and closes what has waited longer than the timeout. */
    private void sweep(long now) {
        for (Connection c : new ArrayList<>(open)) {
            if (c.current != null && now - c.current.submitted > timeoutNanos) {
                c.fail("no response within " + Duration.ofNanos(timeoutNanos));
            }
        }
        Request head;
        while ((head = waiting.peek()) != null && now - head.submitted > timeoutNanos) {
            waiting.poll();
            head.outcome.failure("no connection free within " + Duration.ofNanos(timeoutNanos));
        }
    }

    private void failWaiting(String reason) {
        Request r;
        while ((r = waiting.poll()) != null) {
            r.outcome.failure(reason);
        }
        while ((r = submitted.poll()) != null) {
            r.outcome.failure(reason);
        }
    }

    /** Called when a connection is done with a request: the next waiting one goes out on it, or it idles. */
    private void released(Connection c) {
        Request next = waiting.poll();
        if (next != null) {
            c.send(next);
        } else {
            idle.addLast(c);
        }
    }

    private record Request(byte[] bytes, Outcome outcome, long submitted, boolean retried) {
        Request(byte[] bytes, Outcome outcome, long submitted) {
            this(bytes, outcome, submitted, false);
        }
    }

    /** One keep-alive connection with at most one request on it. */
    private final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        Request current;
        ByteBuffer out;
        byte[] in = new byte[8 * 1024];
        int filled;
        int served; // responses completed on this connection
        // The current response's head, once parsed:
        int status;
        int bodyStart = -1;
        long contentLength;
        boolean chunked;
        boolean closeAfter;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void send(Request request) {
            current = request;
            try {
                write(request);
            } catch (IOException e) {
                fail(e.getMessage());
            }
        }

        void write(Request request) throws IOException {
            out = ByteBuffer.wrap(request.bytes);
            flush();
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read() throws IOException {
            if (filled == in.length) {
                if (in.length >= MAX_BODY_BYTES + MAX_HEAD_BYTES) {
                    throw new IOException("response over " + (MAX_BODY_BYTES + MAX_HEAD_BYTES) + " bytes");
                }
                in = Arrays.copyOf(in, in.length * 2);
            }
            int n = channel.read(ByteBuffer.wrap(in, filled, in.length - filled));
            if (n < 0) {
                endOfStream();
                return;
            }
            filled += n;
            if (current == null) {
                throw new IOException("bytes from the server with no request open");
            }
            parse(false);
        }

        private void endOfStream() throws IOException {
            if (current == null) { // an idle connection the server closed
                close();
                return;
            }
            if (filled == 0 && served > 0 && !current.retried()) {
                // The server closed a kept-alive connection just as the request went out: send it again, once.
                Request again = new Request(current.bytes, current.outcome, current.submitted, true);
                current = null;
                close();
                dispatch(again);
                return;
            }
            if (!parse(true)) {
                throw new IOException("connection closed before a complete response");
            }
        }

        /** Completes the response when all of it is in; returns whether it did. */
        private boolean parse(boolean atEnd) throws IOException {
            if (bodyStart < 0 && !parseHead()) {
                return false;
            }
            if (chunked) {
                return dechunk();
            }
            if (contentLength >= 0) {
                if (filled - bodyStart < contentLength) {
                    return false;
                }
                if (filled - bodyStart > contentLength) {
                    throw new IOException("more bytes than Content-Length " + contentLength);
                }
                complete(in, bodyStart, (int) contentLength);
                return true;
            }
            if (!atEnd) {
                return false; // no length: the body ends with the connection
            }
            closeAfter = true;
            complete(in, bodyStart, filled - bodyStart);
            return true;
        }

        private boolean parseHead() throws IOException {
            int end = indexOf(in, 0, filled, HEAD_END);
            if (end < 0) {
                if (filled > MAX_HEAD_BYTES) {
                    throw new IOException("response head over " + MAX_HEAD_BYTES + " bytes");
                }
                return false;
            }
            String head = new String(in, 0, end, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            String statusLine = lines[0];
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
            }
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("bad status code in " + abbreviate(statusLine));
            }
            contentLength = -1;
            chunked = false;
            closeAfter = statusLine.startsWith("HTTP/1.0");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header line: " + abbreviate(lines[i]));
                }
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    try {
                        contentLength = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("bad Content-Length: " + abbreviate(value));
                    }
                    if (contentLength < 0 || contentLength > MAX_BODY_BYTES) {
                        throw new IOException("Content-Length out of range: " + contentLength);
                    }
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    String v = value.toLowerCase(Locale.ROOT);
                    closeAfter = v.contains("close") || (closeAfter && !v.contains("keep-alive"));
                }
            }
            if (status / 100 == 1 || status == 204 || status == 304) {
                contentLength = 0;
                chunked = false;
            }
            bodyStart = end + HEAD_END.length;
            return true;
        }

        /** Decodes a chunked body once its last chunk is in; returns whether it was. */
        private boolean dechunk() throws IOException {
            byte[] body = new byte[Math.max(0, filled - bodyStart)];
            int length = 0;
            int p = bodyStart;
            while (true) {
                int lineEnd = indexOf(in, p, filled, HEAD_END, 2);
                if (lineEnd < 0) {
                    return false;
                }
                long size = chunkSize(p, lineEnd);
                p = lineEnd + 2;
                if (size == 0) {
                    // Trailers, if any, end with an empty line.
                    int end = filled - p >= 2 && in[p] == '\r' && in[p + 1] == '\n' ? p + 2 : -1;
                    if (end < 0) {
                        int trailersEnd = indexOf(in, p, filled, HEAD_END);
                        if (trailersEnd < 0) {
                            return false;
                        }
                        end = trailersEnd + HEAD_END.length;
                    }
                    if (end != filled) {
                        throw new IOException("bytes after the last chunk");
                    }
                    complete(body, 0, length);
                    return true;
                }
                if (filled - p < size + 2) {
                    return false;
                }
                System.arraycopy(in, p, body, length, (int) size);
                length += (int) size;
                p += (int) size;
                if (in[p] != '\r' || in[p + 1] != '\n') {
                    throw new IOException("chunk not followed by CRLF");
                }
                p += 2;
            }
        }

        private long chunkSize(int from, int to) throws IOException {
            long size = 0;
            int digits = 0;
            for (int i = from; i < to && in[i] != ';'; i++) {
                int d = Character.digit(in[i], 16);
                if (d < 0 || ++digits > 7) {
                    throw new IOException("bad chunk size line");
                }
                size = size * 16 + d;
            }
            if (digits == 0) {
                throw new IOException("bad chunk size line");
            }
            return size;
        }

        private void complete(byte[] body, int offset, int length) {
            Request done = current;
            current = null;
            bodyStart = -1;
            filled = 0;
            served++;
            try {
                done.outcome.response(status, body, offset, length);
            } finally {
                if (closeAfter) {
                    close();
                } else {
                    released(this);
                }
            }
        }

        /** Fails the open request, if any, and closes the connection. */
        void fail(String reason) {
            Request failed = current;
            current = null;
            close();
            if (failed != null) {
                failed.outcome.failure(reason);
            }
        }

        void close() {
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            open.remove(this); // the loop opens another for a waiting request
            idle.remove(this);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    static int indexOf(byte[] a, int from, int to, byte[] needle) {
        return indexOf(a, from, to, needle, needle.length);
    }

    /** The first index in {@code a[from, to)} where the first {@code n} bytes of {@code needle} start, or -1. */
    static int indexOf(byte[] a, int from, int to, byte[] needle, int n) {
        byte first = needle[0];
        outer:
        for (int i = from; i <= to - n; i++) {
            if (a[i] != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
