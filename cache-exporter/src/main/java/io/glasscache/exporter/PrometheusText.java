package io.glasscache.exporter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Writes {@link Samples} in the Prometheus text format 0.0.4 or in OpenMetrics text 1.0.0 (what Prometheus asks for
 * first) straight into a byte array that is reused from one scrape to the next, without building client_java
 * snapshots, sorting them and encoding them through a Writer (about 0.7 ms CPU and most of the garbage of a
 * scrape). HELP and TYPE lines come from the {@link Family} catalogue, pre-encoded once; families are written in
 * catalogue order, samples in the order the mapping added them. {@code PrometheusTextTest} holds both outputs to
 * the same samples and metadata lines as client_java's writers over {@link Samples#toSnapshots()}.
 *
 * <p>Not thread-safe: one instance per scrape in progress (the server keeps a pool of them).
 */
final class PrometheusText extends ReusedBytes {

    /** The two text formats; the samples' names, labels and values are the same in both. */
    enum Format {
        /** Prometheus text 0.0.4: the default, for clients that ask for nothing else. */
        TEXT_0_0_4("text/plain; version=0.0.4; charset=utf-8"),
        /**
         * OpenMetrics text 1.0.0: metadata under the family's name (a counter's without {@code _total}), the
         * types info and unknown, and a closing {@code # EOF}.
         */
        OPENMETRICS_1_0_0("application/openmetrics-text; version=1.0.0; charset=utf-8");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        String contentType() {
            return contentType;
        }

        /**
         * OpenMetrics when the Accept header names it at all, whatever its q (client_java's rule, and what
         * Prometheus sends by default), else text 0.0.4.
         */
        static Format negotiate(String accept) {
            return accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_1_0_0
                    : TEXT_0_0_4;
        }
    }

    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] TEXT_HEADERS = new byte[Family.values().length][];
    private static final byte[][] OPENMETRICS_HEADERS = new byte[Family.values().length][];
    private static final byte[][] NAMES = new byte[Family.values().length][];

    static {
        for (Family family : Family.values()) {
            String name = family.sampleName();
            TEXT_HEADERS[family.ordinal()] = ("# HELP " + name + " " + escapeHelp(family.help()) + "\n# TYPE "
                    + name + " " + textType(family.type()) + "\n").getBytes(StandardCharsets.UTF_8);
            String familyName = family.snapshotName();
            OPENMETRICS_HEADERS[family.ordinal()] = ("# TYPE " + familyName + " " + openMetricsType(family.type())
                    + "\n# HELP " + familyName + " " + escapeOpenMetricsHelp(family.help()) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            NAMES[family.ordinal()] = name.getBytes(StandardCharsets.US_ASCII);
        }
    }

    PrometheusText(int initialCapacity) {
        super(Math.max(256, initialCapacity), MAX_KEPT_BYTES / 4);
    }

    /** Replaces the buffer's content with the exposition of {@code samples} in {@code format}. */
    PrometheusText write(Samples samples, Format format) {
        size = 0;
        byte[][] headers = format == Format.OPENMETRICS_1_0_0 ? OPENMETRICS_HEADERS : TEXT_HEADERS;
        for (Map.Entry<Family, List<Samples.Point>> entry : samples.points().entrySet()) {
            int ordinal = entry.getKey().ordinal();
            bytes(headers[ordinal]);
            byte[] name = NAMES[ordinal];
            for (Samples.Point point : entry.getValue()) {
                bytes(name);
                labels(point.labels());
                put((byte) ' ');
                number(point.value());
                put((byte) '\n');
            }
        }
        if (format == Format.OPENMETRICS_1_0_0) {
            bytes(EOF);
        }
        return this;
    }

    private void labels(Labels labels) {
        int count = labels.size();
        if (count == 0) {
            return;
        }
        put((byte) '{');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            ascii(labels.getName(i)); // label names are validated by Labels: [a-zA-Z_][a-zA-Z0-9_]*
            put((byte) '=');
            put((byte) '"');
            labelValue(labels.getValue(i));
            put((byte) '"');
        }
        put((byte) '}');
    }

    /** Escapes backslash, double quote and line feed, as the format requires; UTF-8 for the rest. */
    private void labelValue(String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                put((byte) '\\');
                put((byte) '\\');
            } else if (c == '"') {
                put((byte) '\\');
                put((byte) '"');
            } else if (c == '\n') {
                put((byte) '\\');
                put((byte) 'n');
            } else if (c < 0x80) {
                put((byte) c);
            } else {
                int codePoint = value.codePointAt(i);
                if (Character.charCount(codePoint) == 2) {
                    i++;
                }
                utf8(codePoint);
            }
        }
    }

    private void utf8(int codePoint) {
        if (codePoint <= 0xFFFF && Character.isSurrogate((char) codePoint)) {
            put((byte) '?'); // a lone surrogate: what String.getBytes(UTF_8) writes
            return;
        }
        if (codePoint < 0x800) {
            put((byte) (0xC0 | codePoint >> 6));
        } else if (codePoint < 0x10000) {
            put((byte) (0xE0 | codePoint >> 12));
            put((byte) (0x80 | (codePoint >> 6 & 0x3F)));
        } else {
            put((byte) (0xF0 | codePoint >> 18));
            put((byte) (0x80 | (codePoint >> 12 & 0x3F)));
            put((byte) (0x80 | (codePoint >> 6 & 0x3F)));
        }
        put((byte) (0x80 | (codePoint & 0x3F)));
    }

    /** Whole numbers (nearly every stat) as digits without garbage; the rest as {@link Double#toString}. */
    private void number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            long whole = (long) value;
            if (whole == 0) {
                put((byte) '0'); // also -0.0
                return;
            }
            if (whole < 0) {
                put((byte) '-');
                whole = -whole;
            }
            int digits = 0;
            for (long rest = whole; rest > 0; rest /= 10) {
                digits++;
            }
            ensure(digits);
            for (int i = size + digits - 1; i >= size; i--) {
                buf[i] = (byte) ('0' + whole % 10);
                whole /= 10;
            }
            size += digits;
        } else if (Double.isNaN(value)) {
            ascii("NaN");
        } else if (Double.isInfinite(value)) {
            ascii(value > 0 ? "+Inf" : "-Inf");
        } else {
            ascii(Double.toString(value));
        }
    }

    private void ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buf[size++] = (byte) text.charAt(i);
        }
    }

    private void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void put(byte b) {
        if (size == buf.length) {
            ensure(1);
        }
        buf[size++] = b;
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** OpenMetrics escapes the double quote in HELP as well. */
    private static String escapeOpenMetricsHelp(String help) {
        return escapeHelp(help).replace("\"", "\\\"");
    }

    private static String openMetricsType(Family.Type type) {
        switch (type) {
            case COUNTER:
                return "counter";
            case INFO:
                return "info";
            case UNTYPED:
                return "unknown";
            default:
                return "gauge";
        }
    }

    private static String textType(Family.Type type) {
        switch (type) {
            case COUNTER:
                return "counter";
            case UNTYPED:
                return "untyped";
            default: // GAUGE, and INFO: the text format has no info type; client_java writes an info as a gauge
                return "gauge";
        }
    }
}
