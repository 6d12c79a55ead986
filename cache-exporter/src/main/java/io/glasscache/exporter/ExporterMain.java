package io.glasscache.exporter;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** {@code java -Xmx32m -jar cache-exporter.jar [flags]}: the standalone exporter. */
public final class ExporterMain {

    /** Exit code for unknown or malformed flags, as the official exporter (kingpin) uses. */
    public static final int USAGE_ERROR = 2;

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
            out.println("cache-exporter " + ExporterServer.version() + " (java " + System.getProperty("java.version")
                    + ")");
            return 0;
        }
        ExporterConfig config = flags.config();
        configureLogging(config.logLevel(), config.logFormat(), err);
        Logger log = Logger.getLogger(ExporterMain.class.getName());
        MemcachedCollector collector = MemcachedCollector.builder().target(config.address())
                .discovery(config.discovery()).timeout(config.timeout()).switches(config.switches())
                .tls(config.tls()).maxConcurrentTargets(config.maxConcurrentTargets()).build();
        try {
            ExporterServer server = new ExporterServer(config, collector).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                collector.close();
            }, "exporter-shutdown"));
            log.info("listening on " + (config.listenHost().isEmpty() ? "*" : config.listenHost()) + ":"
                    + server.port() + ", scraping " + (config.discovery() != null ? config.discovery()
                    : config.address()) + ", version " + ExporterServer.version());
            return -1;
        } catch (IOException e) {
            log.severe("cannot listen on " + config.listenHost() + ":" + config.listenPort() + ": " + e.getMessage());
            collector.close();
            return 1;
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
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(julLevel);
        handler.setFormatter(new LineFormatter("json".equals(format)));
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
