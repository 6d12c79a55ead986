package io.glasscache.exporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.glasscache.exporter.http.HttpSettings;
import io.glasscache.exporter.mapping.CollectorSwitches;
import io.glasscache.exporter.stats.MemcachedAddress;
import io.glasscache.exporter.stats.TlsSettings;

/**
 * Parses the command line. Flags mirror prometheus/memcached_exporter ({@code --flag=value} or
 * {@code --flag value}; booleans as {@code --flag}, {@code --no-flag} or {@code --flag=false}) so the exporter
 * is a drop-in replacement.
 */
final class ExporterFlags {

    /** What the command line asks for. */
    enum Action { RUN, HELP, VERSION }

    private static final Pattern DURATION = Pattern.compile("((?:\\d+(?:\\.\\d*)?|\\.\\d+)(ms|s|m|h))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ms|s|m|h)");

    private record Flag(String name, boolean bool, String defaultValue, String help) {
    }

    private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of(
            "memcached.tls.ca-file", "memcached.tls.ca",
            "memcached.tls.skip-verify", "memcached.tls.insecure-skip-verify");

    static {
        flag("memcached.address", false, "localhost:11211", "Memcached server: host:port or a unix socket path.");
        flag("memcached.timeout", false, "1s", "Longest a scrape of one server may take (connect and read); "
                + "Prometheus' X-Prometheus-Scrape-Timeout-Seconds lowers it.");
        flag("memcached.discovery", false, "", "dns://name:port: scrape every A/AAAA record of name on /metrics, "
                + "labelled memcached_instance (a Kubernetes headless service).");
        flag("memcached.tls.enable", true, "false", "Talk TLS to memcached.");
        flag("memcached.tls.ca", false, "", "PEM CA bundle to verify the server (alias --memcached.tls.ca-file); "
                + "default: the JVM's trust store.");
        flag("memcached.tls.cert-file", false, "", "PEM client certificate for mutual TLS.");
        flag("memcached.tls.key-file", false, "", "PKCS#8 PEM key of the client certificate.");
        flag("memcached.tls.server-name", false, "", "Name to verify and send as SNI; default: the target's host.");
        flag("memcached.tls.insecure-skip-verify", true, "false",
                "Do not verify the server certificate (alias --memcached.tls.skip-verify). Tests only.");
        flag("web.listen-address", false, ":9150", "Address to listen on for HTTP.");
        flag("web.telemetry-path", false, "/metrics", "Path of the configured server's (or discovered servers') "
                + "metrics.");
        flag("web.scrape-path", false, "/scrape", "Path of multi-target scrapes: /scrape?target=host:port.");
        flag("web.max-requests", false, "8", "Concurrent scrapes served; more get HTTP 503.");
        flag("web.config.file", false, "", "Prometheus exporter toolkit web configuration file (YAML): TLS, "
                + "client certificates, basic auth users (bcrypt), response headers.");
        flag("scrape.allowed-targets", false, "", "Comma-separated host:port patterns (* and ? wildcards) that "
                + "/scrape may query, besides --memcached.address and discovered instances. Repeatable.");
        flag("scrape.max-concurrent-targets", false, "16", "Memcached servers queried at once.");
        flag("collector.slab", true, "true", "Per-slab-class series from 'stats slabs'.");
        flag("collector.items", true, "true", "Per-slab-class series from 'stats items'.");
        flag("collector.settings", true, "true", "LRU settings series from 'stats settings'.");
        flag("collector.extstore", true, "true", "Extstore series (when the server has extstore).");
        flag("collector.proxy", true, "true", "Proxy series (when the server runs as a proxy).");
        flag("log.level", false, "info", "debug, info, warn or error.");
        flag("log.format", false, "logfmt", "logfmt or json.");
    }

    private static void flag(String name, boolean bool, String defaultValue, String help) {
        FLAGS.put(name, new Flag(name, bool, defaultValue, help));
    }

    private final Action action;
    private final ExporterConfig config;

    private ExporterFlags(Action action, ExporterConfig config) {
        this.action = action;
        this.config = config;
    }

    Action action() {
        return action;
    }

    /** The configuration; null unless {@link #action()} is RUN. */
    ExporterConfig config() {
        return config;
    }

    /** Parses the arguments; a {@link FlagException} message says what is wrong and how to fix it. */
    static ExporterFlags parse(String... args) throws FlagException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("--help-long")) {
                return new ExporterFlags(Action.HELP, null);
            }
            if (arg.equals("--version")) {
                return new ExporterFlags(Action.VERSION, null);
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new FlagException("unexpected argument '" + arg + "': flags start with --");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? null : body.substring(eq + 1);
            boolean negated = false;
            if (!FLAGS.containsKey(name) && !ALIASES.containsKey(name) && name.startsWith("no-")) {
                name = name.substring(3);
                negated = true;
            }
            name = ALIASES.getOrDefault(name, name);
            Flag flag = FLAGS.get(name);
            if (flag == null) {
                throw new FlagException("unknown flag --" + name);
            }
            if (flag.bool()) {
                if (negated && value != null) {
                    throw new FlagException("--no-" + name + " takes no value");
                }
                value = negated ? "false" : value == null ? "true" : bool(name, value);
            } else {
                if (negated) {
                    throw new FlagException("unknown flag --no-" + name);
                }
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new FlagException("flag --" + name + " needs a value");
                    }
                    value = args[++i];
                }
            }
            if (name.equals("scrape.allowed-targets")) {
                allowed.add(value);
            } else {
                values.put(name, value);
            }
        }
        return new ExporterFlags(Action.RUN, config(values, allowed));
    }

    private static ExporterConfig config(Map<String, String> values, List<String> allowedFlags)
            throws FlagException {
        MemcachedAddress address;
        try {
            address = MemcachedAddress.parse(get(values, "memcached.address"));
        } catch (IllegalArgumentException e) {
            throw new FlagException("--memcached.address: " + e.getMessage());
        }
        Duration timeout = duration("memcached.timeout", get(values, "memcached.timeout"));
        Discovery discovery = null;
        if (!get(values, "memcached.discovery").isEmpty()) {
            try {
                discovery = Discovery.parse(get(values, "memcached.discovery"));
            } catch (IllegalArgumentException e) {
                throw new FlagException("--memcached.discovery: " + e.getMessage());
            }
        }
        TlsSettings tls = new TlsSettings(Boolean.parseBoolean(get(values, "memcached.tls.enable")),
                file(values, "memcached.tls.ca"), file(values, "memcached.tls.cert-file"),
                file(values, "memcached.tls.key-file"), emptyToNull(get(values, "memcached.tls.server-name")),
                Boolean.parseBoolean(get(values, "memcached.tls.insecure-skip-verify")));
        if (!tls.enabled() && (tls.caFile() != null || tls.certFile() != null || tls.keyFile() != null
                || tls.serverName() != null || tls.insecureSkipVerify())) {
            throw new FlagException("--memcached.tls.* options need --memcached.tls.enable");
        }
        if (tls.enabled()) {
            try {
                tls.socketFactory(); // reads the files now: a bad setting fails at start-up
            } catch (IllegalArgumentException e) {
                throw new FlagException(e.getMessage());
            }
        }
        String listen = get(values, "web.listen-address");
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new FlagException("--web.listen-address: expected [host]:port, got '" + listen + "'");
        }
        String listenHost = listen.substring(0, colon);
        if (listenHost.startsWith("[") && listenHost.endsWith("]")) {
            listenHost = listenHost.substring(1, listenHost.length() - 1);
        }
        int listenPort = integer("web.listen-address", listen.substring(colon + 1), 0, 65535);
        String telemetryPath = path("web.telemetry-path", get(values, "web.telemetry-path"));
        String scrapePath = path("web.scrape-path", get(values, "web.scrape-path"));
        if (telemetryPath.equals(scrapePath)) {
            throw new FlagException("--web.telemetry-path and --web.scrape-path must differ");
        }
        List<String> allowed = new ArrayList<>();
        for (String flag : allowedFlags) {
            for (String pattern : flag.split(",")) {
                if (!pattern.isBlank()) {
                    allowed.add(pattern.trim());
                }
            }
        }
        String webConfig = get(values, "web.config.file");
        HttpSettings http;
        try {
            http = new HttpSettings(listenHost, listenPort, telemetryPath, scrapePath, integer("web.max-requests",
                    get(values, "web.max-requests"), 1, 1024), timeout, allowed,
                    webConfig.isEmpty() ? null : Path.of(webConfig));
        } catch (IllegalArgumentException e) {
            throw new FlagException("--scrape.allowed-targets: " + e.getMessage());
        }
        String level = get(values, "log.level").toLowerCase(Locale.ROOT);
        if (!List.of("debug", "info", "warn", "error").contains(level)) {
            throw new FlagException("--log.level: expected debug, info, warn or error, got '" + level + "'");
        }
        String format = get(values, "log.format").toLowerCase(Locale.ROOT);
        if (!List.of("logfmt", "json").contains(format)) {
            throw new FlagException("--log.format: expected logfmt or json, got '" + format + "'");
        }
        CollectorSwitches switches = new CollectorSwitches(Boolean.parseBoolean(get(values, "collector.slab")),
                Boolean.parseBoolean(get(values, "collector.items")),
                Boolean.parseBoolean(get(values, "collector.settings")),
                Boolean.parseBoolean(get(values, "collector.extstore")),
                Boolean.parseBoolean(get(values, "collector.proxy")));
        return new ExporterConfig(address, timeout, discovery, tls, switches, integer("scrape.max-concurrent-targets",
                get(values, "scrape.max-concurrent-targets"), 1, 1024), http, level, format);
    }

    private static String get(Map<String, String> values, String name) {
        return values.getOrDefault(name, FLAGS.get(name).defaultValue());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String bool(String name, String value) throws FlagException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes":
                return "true";
            case "false": case "0": case "no":
                return "false";
            default:
                throw new FlagException("--" + name + ": expected true or false, got '" + value + "'");
        }
    }

    private static Path file(Map<String, String> values, String name) throws FlagException {
        String value = get(values, name);
        if (value.isEmpty()) {
            return null;
        }
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            throw new FlagException("--" + name + ": cannot read " + value);
        }
        return path;
    }

    private static String path(String name, String value) throws FlagException {
        if (!value.startsWith("/") || value.length() < 2 || value.contains("?") || value.contains("#")) {
            throw new FlagException("--" + name + ": expected a path like /metrics, got '" + value + "'");
        }
        return value;
    }

    private static int integer(String name, String value, int min, int max) throws FlagException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FlagException("--" + name + ": expected a number from " + min + " to " + max + ", got '" + value
                + "'");
    }

    /** Go-style durations as the official exporter takes them: 1s, 500ms, 1m30s, 1.5s. */
    static Duration duration(String name, String value) throws FlagException {
        if (!DURATION.matcher(value).matches()) {
            throw new FlagException("--" + name + ": expected a duration like 1s or 500ms, got '" + value + "'");
        }
        double nanos = 0;
        Matcher part = DURATION_PART.matcher(value);
        while (part.find()) {
            double amount = Double.parseDouble(part.group(1));
            switch (part.group(2)) {
                case "ms": nanos += amount * 1e6; break;
                case "s": nanos += amount * 1e9; break;
                case "m": nanos += amount * 60e9; break;
                default: nanos += amount * 3600e9; break;
            }
        }
        if (nanos < 1e6 || nanos > 3600e9) {
            throw new FlagException("--" + name + ": must be between 1ms and 1h, got '" + value + "'");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** The --help text, generated from the flag table so it cannot drift. */
    static String usage() {
        StringBuilder out = new StringBuilder("usage: java -Xmx32m -jar cache-exporter.jar [<flags>]\n\n"
                + "Prometheus exporter for memcached, a drop-in for prometheus/memcached_exporter.\n\nFlags:\n");
        out.append(String.format("  %-44s %s%n", "-h, --help", "Show this help and exit."));
        out.append(String.format("  %-44s %s%n", "--version", "Show the version and exit."));
        for (Flag flag : FLAGS.values()) {
            String left = flag.bool() ? "--[no-]" + flag.name() : "--" + flag.name() + "=VALUE";
            String def = flag.defaultValue().isEmpty() ? "" : " (default: " + flag.defaultValue() + ")";
            out.append(String.format("  %-44s %s%s%n", left, flag.help(), def));
        }
        return out.toString();
    }
}
