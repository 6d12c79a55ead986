package io.glasscache.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket on a loopback address that counts every connection made to it: the way to show that a
 * server did (or did not) try to connect somewhere.
 */
final class ConnectionWatch implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    ConnectionWatch(String loopbackAddress) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName(loopbackAddress));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    accepted.incrementAndGet();
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    // keep listening
                }
            }
        }, "connection-watch-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
