package io.glasscache.exporter.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The JDK HTTP server's protections, which it reads from system properties once per JVM, when the first server is
 * created. The exporter sets each one the command line did not ({@code -Dname=value} wins), before its server:
 * <ul>
 *   <li>{@code sun.net.httpserver.maxReqTime} 10 s: a request head not complete 10 s after its first byte has its
 *       connection closed (no 408); a new connection that sends nothing is closed after the same time;</li>
 *   <li>{@code sun.net.httpserver.maxRspTime}: a response not complete this long after its request was read
 *       (a scrape, then its write to a client that may have stopped reading) has its connection closed; the
 *       scrape timeout rounded up plus 30 s, so a scrape within its deadline is never cut;</li>
 *   <li>{@code sun.net.httpserver.idleInterval} 60 s: a kept-alive connection idle that long is closed;</li>
 *   <li>{@code sun.net.httpserver.clockTick} 1 s: how often idle connections are checked (JDK default 10 s);</li>
 *   <li>{@code sun.net.httpserver.maxIdleConnections} 64: beyond this many idle kept-alive connections, a
 *       connection is closed after its response instead of being kept;</li>
 *   <li>{@code jdk.httpserver.maxConnections} 1024: connections accepted beyond this are closed at once (no 503).
 *       An idle connection costs a descriptor and no thread, so the cap is at the scale of a process's descriptors,
 *       not of its threads: with a cap near the thread count, a few dozen idle connections locked every new
 *       client out (docs/reliability.md, BUG-4);</li>
 *   <li>{@code sun.net.httpserver.maxReqHeaders} 100 and {@code sun.net.httpserver.maxReqHeaderSize} 16 KB:
 *       a request head with more header names or bytes (request line included) has its connection closed
 *       (no 414 or 431);</li>
 *   <li>{@code sun.net.httpserver.nodelay} true: responses leave without waiting on Nagle's algorithm.</li>
 * </ul>
 */
final class JdkServerLimits {

    static final int HEAD_SECONDS = 10;
    static final int WRITE_MARGIN_SECONDS = 30;
    static final int IDLE_SECONDS = 60;
    static final int MAX_IDLE_CONNECTIONS = 64;
    static final int MAX_CONNECTIONS_DEFAULT = 1024;
    /** Request threads beyond --web.max-requests: heads being read, and room to answer 503 to the rest. */
    static final int EXTRA_THREADS = 64;
    static final int MAX_HEADERS = 100;
    static final int MAX_HEAD_BYTES = 16 * 1024;

    static final String MAX_CONNECTIONS = "jdk.httpserver.maxConnections";

    private static final Logger LOG = Logger.getLogger(JdkServerLimits.class.getName());

    private JdkServerLimits() {
    }

    /** The properties the exporter sets, with its values for {@code settings}. */
    static Map<String, String> defaults(HttpSettings settings) {
        long timeoutSeconds = (settings.scrapeTimeout().toMillis() + 999) / 1000;
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sun.net.httpserver.maxReqTime", Integer.toString(HEAD_SECONDS));
        values.put("sun.net.httpserver.maxRspTime", Long.toString(timeoutSeconds + WRITE_MARGIN_SECONDS));
        values.put("sun.net.httpserver.idleInterval", Integer.toString(IDLE_SECONDS));
        values.put("sun.net.httpserver.clockTick", "1000");
        values.put("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        values.put(MAX_CONNECTIONS, Integer.toString(MAX_CONNECTIONS_DEFAULT));
        values.put("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
        values.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEAD_BYTES));
        values.put("sun.net.httpserver.nodelay", "true");
        return values;
    }

    /** Sets every property not set yet; returns the values in effect. */
    static Map<String, String> apply(HttpSettings settings) {
        Map<String, String> effective = new LinkedHashMap<>();
        defaults(settings).forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
            effective.put(name, System.getProperty(name));
        });
        LOG.fine(() -> "JDK HTTP server limits: " + effective);
        return effective;
    }

    /**
     * The server's request threads: {@code --web.max-requests} + {@value #EXTRA_THREADS}, and never more than the
     * connection cap in effect (unlimited, 0 or less, counts as {@value #MAX_CONNECTIONS_DEFAULT}).
     */
    static int maxThreads(Map<String, String> effective, HttpSettings settings) {
        int connections;
        try {
            connections = Integer.parseInt(effective.get(MAX_CONNECTIONS).trim());
        } catch (NumberFormatException e) {
            connections = MAX_CONNECTIONS_DEFAULT;
        }
        if (connections <= 0) {
            connections = MAX_CONNECTIONS_DEFAULT;
        }
        return Math.min(connections, settings.maxRequests() + EXTRA_THREADS);
    }
}
