package io.glasscache.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Loopback ports and readiness polling shared by the fixtures. */
public final class FreePort {

    public static final String LOOPBACK = "127.0.0.1";

    private FreePort() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int pick() {
        return pick(LOOPBACK);
    }

    /** A port that was free on the given loopback address a moment ago. */
    public static int pick(String address) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** True when something accepts TCP connections on the port. */
    public static boolean accepting(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls {@code condition} every 50 ms (Awaitility) until it holds; false when {@code timeout} passes first. Modules
     * that use the fixtures need Awaitility on their test class path.
     */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return condition.getAsBoolean();
        }
    }
}
