package io.glasscache.exporter;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

import io.glasscache.exporter.http.ExporterHttpServer;
import io.glasscache.exporter.http.HttpSettings;
import io.glasscache.exporter.http.WebConfigException;

/** {@code java -Xmx32m -jar cache-exporter.jar [flags]}: the standalone exporter. */
public final class ExporterMain {

    /** Exit code for unknown or malformed flags, as the official exporter (kingpin) uses. */
    public static final int USAGE_ERROR = 2;
    /** Exit code when the exporter cannot start (bad web configuration file, address in use), as upstream's. */
    public static final int RUN_ERROR = 1;

    private ExporterMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Starts the exporter and returns -1 (running), or returns the exit code for help, version and errors. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        ExporterFlags flags;
        try {
            flags = ExporterFlags.parse(args);
        } catch (FlagException e) {
            err.println("cache-exporter: error: " + e.getMessage() + ", try --help");
            return USAGE_ERROR;
        }
        if (flags.action() == ExporterFlags.Action.HELP) {
            out.print(ExporterFlags.usage());
            return 0;
        }
        if (flags.action() == ExporterFlags.Action.VERSION) {
            out.println("cache-exporter " + ExporterScrapes.VERSION + " (java " + System.getProperty("java.version")
                    + ")");
            return 0;
        }
        ExporterConfig config = flags.config();
        configureLogging(config.logLevel(), config.logFormat(), err);
        Logger log = Logger.getLogger(ExporterMain.class.getName());
        try {
            Running running = start(config, MemcachedCollector.builder());
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "exporter-shutdown"));
            HttpSettings http = config.http();
            log.info("listening on " + (running.server().secure() ? "https://" : "http://")
                    + (http.listenHost().isEmpty() ? "*" : http.listenHost()) + ":" + running.server().port()
                    + ", scraping " + (config.discovery() != null ? config.discovery() : config.address())
                    + ", version " + ExporterScrapes.VERSION);
            return -1;
        } catch (WebConfigException e) {
            log.severe("cannot use --web.config.file " + e.getMessage());
            return RUN_ERROR;
        } catch (IOException e) {
            log.severe("cannot listen on " + config.http().listenHost() + ":" + config.http().listenPort() + ": "
                    + e.getMessage());
            return RUN_ERROR;
        }
    }

    /** A running exporter: its collector and its HTTP server. */
    record Running(MemcachedCollector collector, ExporterHttpServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            collector.close();
        }
    }

    /**
     * Builds the collector from {@code config} on top of {@code builder} (tests give theirs a resolver) and starts
     * the HTTP server over it; on failure the collector is closed again.
     */
    static Running start(ExporterConfig config, MemcachedCollector.Builder builder)
            throws IOException, WebConfigException {
        MemcachedCollector collector = builder.target(config.address()).discovery(config.discovery())
                .timeout(config.timeout()).switches(config.switches()).tls(config.tls())
                .maxConcurrentTargets(config.maxConcurrentTargets()).build();
        try {
            return new Running(collector, ExporterHttpServer.start(config.http(),
                    new ExporterScrapes(collector, config.address())));
        } catch (IOException | WebConfigException | RuntimeException e) {
            collector.close();
            throw e;
        }
    }

    private static void configureLogging(String level, String format, PrintStream err) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Level julLevel = switch (level) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        };
        StreamHandler handler = new StreamHandler(err, new LineFormatter("json".equals(format))) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush(); // one line at a time, as it happens
            }
        };
        handler.setLevel(julLevel);
        root.addHandler(handler);
        root.setLevel(julLevel);
    }

    /** One line per record, logfmt or JSON, as the official exporter logs. */
    private static final class LineFormatter extends Formatter {
        private final boolean json;

        LineFormatter(boolean json) {
            this.json = json;
        }

        @Override
        public String format(LogRecord record) {
            String level = record.getLevel() == Level.SEVERE ? "error" : record.getLevel() == Level.WARNING ? "warn"
                    : record.getLevel().intValue() < Level.INFO.intValue() ? "debug" : "info";
            String message = formatMessage(record);
            if (record.getThrown() != null) {
                message += ": " + record.getThrown();
            }
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName()
                    .substring(record.getLoggerName().lastIndexOf('.') + 1);
            String time = Instant.ofEpochMilli(record.getMillis()).toString();
            if (json) {
                return "{\"ts\":\"" + time + "\",\"level\":\"" + level + "\",\"caller\":\"" + logger
                        + "\",\"msg\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n";
            }
            return "ts=" + time + " level=" + level + " caller=" + logger + " msg=\""
                    + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
        }
    }
}
