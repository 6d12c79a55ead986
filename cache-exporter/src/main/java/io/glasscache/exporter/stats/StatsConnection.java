package io.glasscache.exporter.stats;

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
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** One connection to memcached, every step of it bounded by the scrape's deadline. */
interface StatsConnection extends Closeable {

    void write(byte[] bytes) throws IOException;

    int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException;

    /** Milliseconds left until {@code deadlineNanos} ({@link System#nanoTime()}), at least 1. */
    static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("scrape deadline exceeded");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** TCP, with TLS when the client has a socket factory; connect and handshake bounded by the deadline. */
    static final class Tcp implements StatsConnection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Tcp(MemcachedAddress address, long deadlineNanos, SSLSocketFactory tls, String tlsServerName)
                throws IOException {
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
        public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            socket.setSoTimeout(timeoutMillis);
            return in.read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Unix sockets have no SO_TIMEOUT: a non-blocking channel and a selector bound every read instead. */
    static final class Unix implements StatsConnection {
        private final SocketChannel channel;
        private final Selector selector;

        Unix(MemcachedAddress address, long deadlineNanos) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Selector opened = null;
            try {
                // non-blocking connect: a server whose backlog is full fails at once instead of blocking us
                channel.configureBlocking(false);
                opened = Selector.open();
                if (!channel.connect(UnixDomainSocketAddress.of(address.unixPath()))) {
                    SelectionKey key = channel.register(opened, SelectionKey.OP_CONNECT);
                    if (opened.select(remainingMillis(deadlineNanos)) == 0) {
                        throw new SocketTimeoutException("memcached did not accept within the deadline");
                    }
                    channel.finishConnect();
                    key.cancel();
                    opened.selectNow();
                }
                remainingMillis(deadlineNanos);
                selector = opened;
                channel.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                if (opened != null) {
                    opened.close();
                }
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
        public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
            if (selector.select(timeoutMillis) == 0) {
                throw new SocketTimeoutException("memcached did not answer within the deadline");
            }
            selector.selectedKeys().clear();
            return channel.read(ByteBuffer.wrap(buffer, offset, length));
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
