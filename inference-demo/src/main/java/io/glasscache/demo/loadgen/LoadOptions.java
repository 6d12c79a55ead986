package io.glasscache.demo.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Load generator flags (see {@link #USAGE}). Parsing validates everything: a bad flag is an
 * {@link IllegalArgumentException} with a message naming it, and no load is sent.
 */
public record LoadOptions(int rate, Duration duration, Duration warmup, URI target, Path out, String label, long users,
        double userSkew, int destinations, double sceneSkew, int size, Duration timeout, int connections,
        boolean allowRemote, long seed, boolean coldUsers, boolean marksFromStdin) {

    public static final String USAGE = """
            Usage: LoadGenerator [flags]
              --rate N            requests per second, open loop (1..50000)                  [100]
              --duration D        how long to send, e.g. 30s, 2m (1s..1h)                     [30s]
              --warmup D          ramp to the rate first (1/4, 1/2, full), not measured        [5s]
              --target URL        the demo's base URL, loopback only unless --allow-remote    [http://127.0.0.1:8080]
              --out DIR           where to write <label>.json and <label>.png                 [build/loadgen]
              --label NAME        run name used in files and the chart title                  [loadgen]
              --users N           user population u0..u<N-1>, Zipf-distributed                [1000000]
              --user-skew S       Zipf exponent over users                                    [1.0]
              --destinations N    destination:<1..N> scenes besides home and video            [50]
              --scene-skew S      Zipf exponent over scenes (home, video, destinations)       [1.0]
              --size N            items per screen (1..100)                                   [10]
              --timeout D         a request not answered within this is an error              [2s]
              --connections N     HTTP connections kept to the target (more requests wait)    [64]
              --seed N            random seed of the request mix                              [1]
              --cold-users        every request a user never seen before, scenes uniform
              --allow-remote      permit a target that is not a loopback address
              --marks-from-stdin  read lines "start LABEL" and "end LABEL" (a window, e.g. a fault, marked on the
                                  chart with its own P99 and answers) and "stop" (end the run now) on stdin
            """;

    public static LoadOptions parse(String... args) {
        int rate = 100;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        String target = "http://127.0.0.1:8080";
        Path out = Path.of("build", "loadgen");
        String label = "loadgen";
        long users = 1_000_000;
        double userSkew = 1.0;
        int destinations = 50;
        double sceneSkew = 1.0;
        int size = 10;
        Duration timeout = Duration.ofSeconds(2);
        int connections = 64;
        boolean allowRemote = false;
        boolean coldUsers = false;
        boolean marksFromStdin = false;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--allow-remote")) {
                allowRemote = true;
                continue;
            }
            if (flag.equals("--cold-users")) {
                coldUsers = true;
                continue;
            }
            if (flag.equals("--marks-from-stdin")) {
                marksFromStdin = true;
                continue;
            }
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("help requested");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--rate" -> rate = (int) number(flag, value, 1, 50_000);
                case "--duration" -> duration = duration(flag, value, Duration.ofSeconds(1), Duration.ofHours(1));
                case "--warmup" -> warmup = duration(flag, value, Duration.ZERO, Duration.ofMinutes(10));
                case "--target" -> target = value;
                case "--out" -> out = Path.of(value);
                case "--label" -> label = value;
                case "--users" -> users = number(flag, value, 1, 1_000_000_000);
                case "--user-skew" -> userSkew = decimal(flag, value, 0.01, 5);
                case "--destinations" -> destinations = (int) number(flag, value, 0, 1_000_000);
                case "--scene-skew" -> sceneSkew = decimal(flag, value, 0.01, 5);
                case "--size" -> size = (int) number(flag, value, 1, 100);
                case "--timeout" -> timeout = duration(flag, value, Duration.ofMillis(10), Duration.ofMinutes(1));
                case "--connections" -> connections = (int) number(flag, value, 1, 10_000);
                case "--seed" -> seed = number(flag, value, Long.MIN_VALUE, Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        if (!label.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("--label must match [A-Za-z0-9_.-]{1,64}");
        }
        URI uri = target(target, allowRemote);
        return new LoadOptions(rate, duration, warmup, uri, out, label, users, userSkew, destinations, sceneSkew, size,
                timeout, connections, allowRemote, seed, coldUsers, marksFromStdin);
    }

    static URI target(String value, boolean allowRemote) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--target is not a URL: " + value);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("--target must be http://host[:port] without a query: " + value);
        }
        if (!allowRemote) {
            try {
                for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                    if (!address.isLoopbackAddress()) {
                        throw new IllegalArgumentException("--target " + uri.getHost() + " is not a loopback "
                                + "address; pass --allow-remote to load another machine");
                    }
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--target host does not resolve: " + uri.getHost());
            }
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    static long number(String flag, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer: " + value);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(flag + " must be within " + min + ".." + max + ": " + value);
        }
        return parsed;
    }

    static double decimal(String flag, String value, double min, double max) {
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number: " + value);
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new IllegalArgumentException(flag + " must be within " + min + ".." + max + ": " + value);
        }
        return parsed;
    }

    /** {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
    static Duration duration(String flag, String value, Duration min, Duration max) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Duration parsed;
        try {
            if (v.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("h")) {
                parsed = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a duration like 500ms, 30s, 2m: " + value);
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new IllegalArgumentException(flag + " must be within " + min + ".." + max + ": " + value);
        }
        return parsed;
    }
}
