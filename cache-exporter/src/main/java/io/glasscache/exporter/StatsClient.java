package io.glasscache.exporter;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Speaks just enough of memcached's text protocol to fetch stats: one connection, the stats commands pipelined
 * in one write, every answer read up to its {@code END}, all within a hard deadline (connect, TLS handshake and
 * each read get only the time left). A frozen server therefore costs at most the deadline, never a hung scrape.
 */
final class StatsClient {

    /** A server with hundreds of slab classes answers in well under this; more means something is wrong. */
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final SSLSocketFactory tls;
    private final String tlsServerName;

    /** @param tls null for plain TCP */
    StatsClient(SSLSocketFactory tls, String tlsServerName) {
        this.tls = tls;
        this.tlsServerName = tlsServerName;
    }

    /**
     * Sends the commands and returns one answer per command (the text before its {@code END}), or null for a
     * command the server answered with an error (e.g. {@code stats settings} on a proxy).
     *
     * @param deadlineNanos absolute {@link System#nanoTime()} by which everything must be done
     */
    List<String> fetch(MemcachedAddress address, List<String> commands, long deadlineNanos) throws IOException {
        StringBuilder request = new StringBuilder();
        for (String command : commands) {
            request.append(command).append("\r\n");
        }
        try (Connection connection = address.isUnix() ? new UnixConnection(address, deadlineNanos)
                : new TcpConnection(address, deadlineNanos)) {
            connection.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            return readAnswers(connection, commands.size(), deadlineNanos);
        }
    }

    private static List<String> readAnswers(Connection connection, int expected, long deadlineNanos)
            throws IOException {
        List<String> answers = new ArrayList<>(expected);
        ByteArrayOutputStream all = new ByteArrayOutputStream(16384);
        int answerStart = 0;
        int scanned = 0;
        byte[] buffer = new byte[16384];
        while (answers.size() < expected) {
            int n = connection.read(buffer, remainingMillis(deadlineNanos));
            if (n < 0) {
                throw new IOException("memcached closed the connection after " + answers.size() + " of " + expected
                        + " answers");
            }
            all.write(buffer, 0, n);
            if (all.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("memcached answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
            }
            byte[] bytes = all.toByteArray();
            int lineStart = scanned;
            for (int i = scanned; i < bytes.length && answers.size() < expected; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.US_ASCII).strip();
                if (line.equals("END")) {
                    answers.add(new String(bytes, answerStart, lineStart - answerStart, StandardCharsets.US_ASCII));
                    answerStart = i + 1;
                } else if (isError(line)) {
                    answers.add(null);
                    answerStart = i + 1;
                }
                lineStart = i + 1;
            }
            scanned = lineStart;
        }
        return answers;
    }

    private static boolean isError(String line) {
        return line.equals("ERROR") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR");
    }

    static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("scrape deadline exceeded");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private interface Connection extends Closeable {
        void write(byte[] bytes) throws IOException;

        int read(byte[] buffer, int timeoutMillis) throws IOException;
    }

    private final class TcpConnection implements Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        TcpConnection(MemcachedAddress address, long deadlineNanos) throws IOException {
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress(address.host(), address.port()), remainingMillis(deadlineNanos));
                if (tls == null) {
                    socket = plain;
                } else {
                    String name = tlsServerName != null ? tlsServerName : address.host();
                    SSLSocket secure = (SSLSocket) tls.createSocket(plain, name, address.port(), true);
                    SSLParameters parameters = secure.getSSLParameters();
                    if (!name.contains(":") && !Character.isDigit(name.charAt(name.length() - 1))) {
                        parameters.setServerNames(List.of(new SNIHostName(name.toLowerCase(Locale.ROOT))));
                    }
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    secure.setSSLParameters(parameters);
                    secure.setSoTimeout(remainingMillis(deadlineNanos));
                    secure.startHandshake();
                    socket = secure;
                }
                out = socket.getOutputStream();
                in = socket.getInputStream();
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public int read(byte[] buffer, int timeoutMillis) throws IOException {
            socket.setSoTimeout(timeoutMillis);
            return in.read(buffer);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Unix sockets have no SO_TIMEOUT: a non-blocking channel and a selector bound every read instead. */
    private static final class UnixConnection implements Connection {
        private final SocketChannel channel;
        private final Selector selector;

        UnixConnection(MemcachedAddress address, long deadlineNanos) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(address.unixPath()));
                remainingMillis(deadlineNanos);
                channel.configureBlocking(false);
                selector = Selector.open();
                channel.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) { // a few hundred bytes: fits the socket buffer at once
                channel.write(buffer);
            }
        }

        @Override
        public int read(byte[] buffer, int timeoutMillis) throws IOException {
            if (selector.select(timeoutMillis) == 0) {
                throw new SocketTimeoutException("memcached did not answer within the deadline");
            }
            selector.selectedKeys().clear();
            return channel.read(ByteBuffer.wrap(buffer));
        }

        @Override
        public void close() throws IOException {
            try {
                selector.close();
            } finally {
                channel.close();
            }
        }
    }
}
