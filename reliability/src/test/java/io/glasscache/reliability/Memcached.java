package io.glasscache.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A ring node seen from outside: does it answer, and how many items does it hold. */
final class Memcached {

    private static final Pattern ITEMS = Pattern.compile("STAT curr_items (\\d+)");

    private Memcached() {
    }

    /** True when the node answers {@code version} within {@code within} (a frozen node accepts, never answers). */
    static boolean answers(int port, Duration within) {
        String reply = ask(port, "version\r\n", within);
        return reply != null && reply.startsWith("VERSION");
    }

    /** True when the kernel accepts a TCP connection on the port (also for a frozen node). */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Stack.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code stats} curr_items, or -1 when the node does not answer. */
    static long currentItems(int port) {
        String stats = ask(port, "stats\r\n", Duration.ofSeconds(2));
        if (stats == null) {
            return -1;
        }
        Matcher m = ITEMS.matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Sends {@code command} and reads up to the answer's END (or its single line); null on no answer in time. */
    private static String ask(int port, String command, Duration within) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Stack.HOST, port), (int) within.toMillis());
            socket.setSoTimeout((int) within.toMillis());
            socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                String text = reply.toString();
                if (text.endsWith("END\r\n") || text.startsWith("VERSION") && text.endsWith("\r\n")) {
                    return text;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
