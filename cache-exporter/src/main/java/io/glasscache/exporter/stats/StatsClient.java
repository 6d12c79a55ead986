package io.glasscache.exporter.stats;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocketFactory;

/**
 * Speaks just enough of memcached's text protocol to fetch stats, all within a hard deadline (connect, TLS
 * handshake and each read get only the time left). A frozen server therefore costs at most the deadline, never a
 * hung scrape.
 *
 * <p>The commands come in lanes: each lane's commands are pipelined in one write on a connection of their own,
 * every lane is sent before any answer is read, and every answer is read up to its {@code END}. memcached serves
 * each connection on one worker thread, one command after another; lanes let its other threads answer the rest
 * at the same time (with 28 slab classes, the four stats commands were answered 28-32 % sooner on loopback with
 * {@code stats items} in a lane of its own), and answers are handed on, as bytes, the moment each is complete.
 *
 * <p>After a complete exchange each lane's connection is kept for the next scrape of the same server (at most one
 * idle connection per server and lane, {@value #MAX_IDLE} in all, closed after {@value #IDLE_SECONDS} s unused): a
 * fresh connection cost memcached about as much as answering the stats commands. A kept connection that fails
 * other than by a timeout (the server restarted or closed it) before handing on an answer is replaced by a fresh
 * one within the same deadline; after an answer was handed on, a retry would hand it on twice, so it is not.
 */
final class StatsClient implements Closeable {

    /** A server with hundreds of slab classes answers in well under this; more means something is wrong. */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private static final byte[] END = {'E', 'N', 'D'};
    private static final byte[] ERROR = {'E', 'R', 'R', 'O', 'R'};
    private static final byte[] CLIENT_ERROR = "CLIENT_ERROR".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_ERROR = "SERVER_ERROR".getBytes(StandardCharsets.US_ASCII);

    /** Read buffers are reused: the four answers of a server with 40 slab classes fit in 64 KB. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** A buffer one huge answer grew past this is dropped after the read, not kept. */
    private static final int MAX_KEPT_BUFFER_BYTES = 256 * 1024;
    /** At most this many idle read buffers are kept (as many as reads usually run at once), whatever the threads. */
    private static final ArrayBlockingQueue<byte[]> READ_BUFFERS = new ArrayBlockingQueue<>(16);

    static final int MAX_IDLE = 128;
    static final int IDLE_SECONDS = 300;

    private final SSLSocketFactory tls;
    private final String tlsServerName;
    private final ConcurrentHashMap<Lane, Idle> idle = new ConcurrentHashMap<>();

    /** The n-th lane of commands to one server: the key of its kept connection. */
    private record Lane(MemcachedAddress address, int index) {
    }

    private record Idle(StatsConnection connection, long sinceNanos) {
    }

    /** @param tls null for plain TCP */
    StatsClient(SSLSocketFactory tls, String tlsServerName) {
        this.tls = tls;
        this.tlsServerName = tlsServerName;
    }

    /** Receives each answer the moment it is complete. */
    @FunctionalInterface
    interface AnswerSink {
        /**
         * @param index the command's position, counted across the lanes in order
         * @param bytes the answer is bytes[from, to), its lines before {@code END}; valid only during the call
         *              (the buffer is reused). Null when the server answered the command with an error (e.g.
         *              {@code stats settings} on a proxy).
         */
        void answer(int index, byte[] bytes, int from, int to);
    }

    /**
     * Sends each lane of commands on its own connection, then reads the lanes in order, handing every answer to
     * {@code sink} as it completes (so it is parsed while memcached still answers the other lane).
     *
     * @param deadlineNanos absolute {@link System#nanoTime()} by which everything must be done
     */
    void fetch(MemcachedAddress address, List<List<String>> lanes, long deadlineNanos, AnswerSink sink)
            throws IOException {
        closeExpired();
        int count = lanes.size();
        byte[][] requests = new byte[count][];
        StatsConnection[] connections = new StatsConnection[count];
        boolean[] fresh = new boolean[count];
        try {
            for (int i = 0; i < count; i++) {
                requests[i] = request(lanes.get(i));
                connections[i] = sendOnKept(new Lane(address, i), requests[i], deadlineNanos);
                if (connections[i] == null) {
                    connections[i] = sendOnFresh(address, requests[i], deadlineNanos);
                    fresh[i] = true;
                }
            }
            int firstIndex = 0;
            for (int i = 0; i < count; i++) {
                int expected = lanes.get(i).size();
                Progress lane = new Progress(firstIndex, sink);
                boolean trailingBytes;
                try {
                    trailingBytes = read(connections[i], expected, deadlineNanos, lane);
                } catch (SocketTimeoutException e) {
                    throw e; // slow or frozen: a fresh connection would not be faster
                } catch (IOException e) {
                    if (fresh[i] || lane.delivered > 0) {
                        throw e; // the server failed mid-answer, or a fresh connection did: it is down
                    }
                    // the kept connection was stale (server restarted, connection closed): once more on a fresh one
                    closeQuietly(connections[i]);
                    connections[i] = null; // not closed twice if the fresh one fails
                    connections[i] = sendOnFresh(address, requests[i], deadlineNanos);
                    trailingBytes = read(connections[i], expected, deadlineNanos, lane);
                }
                firstIndex += expected;
                if (!trailingBytes && idle.size() < MAX_IDLE
                        && idle.putIfAbsent(new Lane(address, i), new Idle(connections[i], System.nanoTime())) == null) {
                    connections[i] = null; // kept: in step with the server
                }
            }
        } finally {
            for (StatsConnection connection : connections) {
                if (connection != null) {
                    closeQuietly(connection);
                }
            }
        }
    }

    /** A lane's answers as they are handed on: the index of its first command, and how many went out so far. */
    private static final class Progress {
        final int firstIndex;
        final AnswerSink sink;
        int delivered;

        Progress(int firstIndex, AnswerSink sink) {
            this.firstIndex = firstIndex;
            this.sink = sink;
        }

        void answer(byte[] bytes, int from, int to) {
            sink.answer(firstIndex + delivered++, bytes, from, to);
        }
    }

    private static byte[] request(List<String> commands) {
        StringBuilder request = new StringBuilder();
        for (String command : commands) {
            request.append(command).append("\r\n");
        }
        return request.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the request on the lane's kept connection; null if there is none or the write failed (closed). */
    private StatsConnection sendOnKept(Lane lane, byte[] request, long deadlineNanos) throws IOException {
        Idle kept = idle.remove(lane);
        if (kept == null) {
            return null;
        }
        try {
            kept.connection().write(request);
            return kept.connection();
        } catch (IOException e) {
            closeQuietly(kept.connection());
            StatsConnection.remainingMillis(deadlineNanos);
            return null;
        }
    }

    /** Opens a connection and writes the request on it; closes it if the write fails. */
    private StatsConnection sendOnFresh(MemcachedAddress address, byte[] request, long deadlineNanos)
            throws IOException {
        StatsConnection.remainingMillis(deadlineNanos);
        StatsConnection connection = address.isUnix() ? new StatsConnection.Unix(address, deadlineNanos)
                : new StatsConnection.Tcp(address, deadlineNanos, tls, tlsServerName);
        try {
            connection.write(request);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void closeExpired() {
        if (idle.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        idle.forEach((lane, kept) -> {
            if (now - kept.sinceNanos() > IDLE_SECONDS * 1_000_000_000L && idle.remove(lane, kept)) {
                closeQuietly(kept.connection());
            }
        });
    }

    private static void closeQuietly(StatsConnection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // nothing to do: the connection is being dropped anyway
        }
    }

    /** Closes the kept connections. */
    @Override
    public void close() {
        idle.forEach((lane, kept) -> {
            if (idle.remove(lane, kept)) {
                closeQuietly(kept.connection());
            }
        });
    }

    /** The answers as Strings (null for an error), for tests. */
    static List<String> readAnswers(StatsConnection connection, int expected, long deadlineNanos) throws IOException {
        List<String> answers = new ArrayList<>();
        read(connection, expected, deadlineNanos, new Progress(0, (index, bytes, from, to) -> answers.add(
                bytes == null ? null : new String(bytes, from, to - from, StandardCharsets.US_ASCII))));
        return answers;
    }

    /**
     * Reads {@code expected} answers into one growing buffer (reused from scrape to scrape), scanning only the
     * bytes not yet scanned, so the cost is linear in the answers (tens of KB for a server with many slab classes).
     *
     * @return whether bytes followed the last answer: the connection is out of step, not to be reused
     */
    private static boolean read(StatsConnection connection, int expected, long deadlineNanos, Progress progress)
            throws IOException {
        byte[] pooled = READ_BUFFERS.poll();
        byte[][] buffer = {pooled != null ? pooled : new byte[READ_BUFFER_BYTES]};
        try {
            return read(connection, expected, deadlineNanos, buffer, progress);
        } finally {
            if (buffer[0].length <= MAX_KEPT_BUFFER_BYTES) {
                READ_BUFFERS.offer(buffer[0]); // dropped when enough are kept
            }
        }
    }

    /** @param buffer the buffer to read into, replaced by a bigger one when it fills */
    private static boolean read(StatsConnection connection, int expected, long deadlineNanos, byte[][] buffer,
                                Progress progress) throws IOException {
        byte[] bytes = buffer[0];
        int done = 0;
        int length = 0;
        int answerStart = 0;
        int lineStart = 0;
        while (done < expected) {
            if (length == bytes.length) {
                if (bytes.length >= MAX_RESPONSE_BYTES) {
                    throw new IOException("memcached answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
                }
                bytes = Arrays.copyOf(bytes, Math.min(MAX_RESPONSE_BYTES, bytes.length * 2));
                buffer[0] = bytes;
            }
            int n = connection.read(bytes, length, bytes.length - length,
                    StatsConnection.remainingMillis(deadlineNanos));
            if (n < 0) {
                throw new IOException("memcached closed the connection after " + done + " of " + expected
                        + " answers");
            }
            int scanFrom = length;
            length += n;
            for (int i = scanFrom; i < length && done < expected; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                if (isLine(bytes, lineStart, i, END)) {
                    progress.answer(bytes, answerStart, lineStart);
                    done++;
                    answerStart = i + 1;
                } else if (isLine(bytes, lineStart, i, ERROR) || startsWith(bytes, lineStart, i, CLIENT_ERROR)
                        || startsWith(bytes, lineStart, i, SERVER_ERROR)) {
                    progress.answer(null, 0, 0);
                    done++;
                    answerStart = i + 1;
                }
                lineStart = i + 1;
            }
        }
        return answerStart != length;
    }

    /** The line [from, newline) is exactly {@code word}, ignoring surrounding whitespace (e.g. the CR). */
    private static boolean isLine(byte[] bytes, int from, int newline, byte[] word) {
        int start = from;
        int end = newline;
        while (start < end && bytes[start] <= ' ') {
            start++;
        }
        while (end > start && bytes[end - 1] <= ' ') {
            end--;
        }
        return end - start == word.length && startsWith(bytes, start, end, word);
    }

    /** The line [from, newline), leading whitespace skipped, starts with {@code word}. */
    private static boolean startsWith(byte[] bytes, int from, int newline, byte[] word) {
        int start = from;
        while (start < newline && bytes[start] <= ' ') {
            start++;
        }
        if (newline - start < word.length) {
            return false;
        }
        for (int j = 0; j < word.length; j++) {
            if (bytes[start + j] != word[j]) {
                return false;
            }
        }
        return true;
    }
}
