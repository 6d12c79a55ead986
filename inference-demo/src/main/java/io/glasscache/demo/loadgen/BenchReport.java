package io.glasscache.demo.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Summarises a benchmark directory written by {@code inference-demo/bench/run-bench.sh}: the step runs
 * {@code <mode>-<rate>.json} (each with a {@code <label>.metrics} properties file the script measured from the app:
 * {@code storeCallsPerSecond}, {@code storeCallsRefusedByBreakerPerSecond}, {@code serverWithin50ms} (share of
 * server-side request timings within 50 ms), {@code appCpuMsPerRequest}, {@code loadAverage}) become a Markdown table and a P99-versus-rate chart; fault runs
 * {@code fault-*.json} get a table of their own. Prints the Markdown to standard output.
 */
public final class BenchReport {

    static final double SLO_MS = 50;
    /** A rate is "sustained" with P99 within the SLO, no errors or empty answers, and at least this model share. */
    static final double MIN_MODEL_SHARE = 0.90;

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BenchReport <bench-dir> [fault-window-start-second:end-second]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int[] window = args.length == 2 ? window(args[1]) : new int[] {21, 40};
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Map<String, List<Run>> modes = new LinkedHashMap<>();
        List<Run> faults = new ArrayList<>();
        List<Run> ladder = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".json") || name.startsWith("warmup")) {
                    continue;
                }
                LoadReport report = mapper.readValue(file.toFile(), LoadReport.class);
                java.util.Properties metrics = new java.util.Properties();
                Path metricsFile = dir.resolve(report.label() + ".metrics");
                if (Files.exists(metricsFile)) {
                    try (var in = Files.newInputStream(metricsFile)) {
                        metrics.load(in);
                    }
                }
                Run run = new Run(report, metrics);
                if (name.startsWith("fault-")) {
                    faults.add(run);
                } else if (name.startsWith("ladder-")) {
                    ladder.add(run);
                } else {
                    String mode = report.label().substring(0, report.label().lastIndexOf('-'));
                    modes.computeIfAbsent(mode, m -> new ArrayList<>()).add(run);
                }
            }
        }
        modes.values().forEach(runs -> runs.sort(Comparator.comparingInt(r -> r.report.rate())));
        StringBuilder md = new StringBuilder();
        if (!modes.isEmpty()) {
            modesTable(modes, md);
        }
        if (!faults.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%n| fault run | offered rps | P50 ms | P99 ms | P99.9 ms | max ms | "
                    + "errors | empty | failover | worst 1 s P99 in fault window (s %d-%d) ms | load avg | "
                    + "host steal %% (run / worst s) |%n", window[0], window[1]));
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Run run : faults) {
                LoadReport r = run.report;
                double worst = r.timeline().stream().filter(s -> s.second() >= window[0] && s.second() <= window[1])
                        .mapToDouble(LoadReport.Second::p99).max().orElse(Double.NaN);
                md.append(String.format(Locale.ROOT,
                        "| %s | %d | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %.1f | %s | %s |%n",
                        r.label(), r.rate(), r.p50(), r.p99(), r.p999(), r.max(), r.errors(), r.empty(), r.failover(),
                        worst, run.metric("loadAverage"), steal(r)));
            }
        }
        if (!ladder.isEmpty()) {
            ladderTable(ladder, md);
        }
        Files.writeString(dir.resolve("summary.md"), md);
        if (!modes.isEmpty()) {
            chart(modes, dir.resolve("p99-vs-rate.png"));
        }
        System.out.print(md);
    }

    /** The fixed-rate runs per mode, and the highest rate each sustained. */
    static void modesTable(Map<String, List<Run>> modes, StringBuilder md) {
        md.append("| mode | offered rps | achieved rps | P50 ms | P99 ms | P99.9 ms | P99 model / failover ms | errors | "
                + "error rate | model | failover | empty | store calls/s | server <= 50 ms | app CPU ms/req | "
                + "load avg | host steal % (run / worst s) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Integer> sustained = new LinkedHashMap<>();
        for (Map.Entry<String, List<Run>> mode : modes.entrySet()) {
            int best = 0;
            for (Run run : mode.getValue()) {
                LoadReport r = run.report;
                md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f / %.1f | %d | "
                                + "%.2f%% | %.1f%% | %.1f%% | %d | %s | %s | %s | %s | %s |%n", mode.getKey(), r.rate(),
                        r.achievedRps(), r.p50(), r.p99(), r.p999(), r.modelP99(), r.failoverP99(), r.errors(),
                        r.errorRate() * 100, share(r.model(), r),
                        share(r.failover(), r), r.empty(), run.metric("storeCallsPerSecond"),
                        run.metric("serverWithin50ms"), run.metric("appCpuMsPerRequest"), run.metric("loadAverage"),
                        steal(r)));
                if (sustains(r)) {
                    best = Math.max(best, r.rate());
                }
            }
            sustained.put(mode.getKey(), best);
        }
        md.append("\nHighest offered rate sustained (P99 <= 50 ms, no errors, no empty answers, >= 90% model "
                + "answers):\n\n");
        sustained.forEach((mode, rate) -> md.append("- ").append(mode).append(": ")
                .append(rate == 0 ? "none of the rates tried" : rate + " rps").append('\n'));
    }

    /**
     * The degradation ladder's runs, {@code ladder-<build>-<workload>-<rate>}: the share of answers per rung, the
     * P99 overall, of the model's answers and of the late ones, the store calls per second the app saw and the calls
     * its store breaker refused per second ({@code n/a} from a script that did not measure them).
     */
    static void ladderTable(List<Run> runs, StringBuilder md) {
        md.append("\n| build | workload | offered rps | model | model-late | failover | failover-parent | empty | "
                + "errors | P99 ms | P99 model ms | P99 late ms | store calls/s | refused by the breaker/s | "
                + "host steal % (run / worst s) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run run : runs) {
            LoadReport r = run.report;
            String[] parts = r.label().split("-");
            String build = parts.length > 1 ? parts[1] : "?";
            String workload = parts.length > 3 ? String.join("-", java.util.Arrays.copyOfRange(parts, 2,
                    parts.length - 1)) : "?";
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %d | %d | "
                            + "%.1f | %.1f | %.1f | %s | %s | %s |%n", build, workload, r.rate(), share(r.model(), r),
                    share(r.modelLate(), r), share(r.failover(), r), share(r.failoverParent(), r), r.empty(),
                    r.errors(), r.p99(), r.modelP99(), r.lateP99(), run.metric("storeCallsPerSecond"),
                    run.metric("storeCallsRefusedByBreakerPerSecond"), steal(r)));
        }
    }

    static boolean sustains(LoadReport r) {
        return r.p99() <= SLO_MS && r.errors() == 0 && r.empty() == 0
                && r.model() >= MIN_MODEL_SHARE * (r.completed() - r.exhausted());
    }

    /** "2.6 / 19.0", or n/a where the load generator could not read /proc/stat. */
    static String steal(LoadReport r) {
        if (r.hostStealPercent() == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1f / %s", r.hostStealPercent(),
                r.hostStealMaxPercent() == null ? "n/a" : String.format(Locale.ROOT, "%.1f", r.hostStealMaxPercent()));
    }

    private static double share(long part, LoadReport r) {
        return r.completed() == 0 ? 0 : 100.0 * part / r.completed();
    }

    private static int[] window(String arg) {
        String[] parts = arg.split(":");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private record Run(LoadReport report, java.util.Properties metrics) {
        String metric(String name) {
            return metrics.getProperty(name, "n/a");
        }
    }

    private static void chart(Map<String, List<Run>> modes, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int width = 900;
        int height = 520;
        int left = 80;
        int right = 30;
        int top = 50;
        int bottom = 450;
        double maxRate = modes.values().stream().flatMap(List::stream).mapToInt(r -> r.report.rate()).max()
                .orElse(1) * 1.05;
        double lo = Math.log10(1);
        double hi = Math.log10(Math.max(200, modes.values().stream().flatMap(List::stream)
                .mapToDouble(r -> r.report.p99()).max().orElse(100) * 1.3));
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString("End-to-end P99 latency vs offered rate (open loop, 2 vCPU shared with the load generator)",
                    left - 40, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.GRAY);
            g.drawRect(left, top, width - left - right, bottom - top);
            for (double tick : new double[] {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000}) {
                if (Math.log10(tick) > hi) {
                    break;
                }
                int y = bottom - (int) ((Math.log10(tick) - lo) / (hi - lo) * (bottom - top));
                g.setColor(new Color(0xEEEEEE));
                g.drawLine(left + 1, y, width - right - 1, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString((int) tick + " ms", 20, y + 4);
            }
            int slo = bottom - (int) ((Math.log10(SLO_MS) - lo) / (hi - lo) * (bottom - top));
            g.setColor(new Color(0xC62828));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4},
                    0));
            g.drawLine(left, slo, width - right, slo);
            g.drawString("SLO 50 ms", width - right - 70, slo - 4);
            for (int r = 0; r <= maxRate; r += maxRate > 2000 ? 500 : 250) {
                int x = left + (int) (r / maxRate * (width - left - right));
                g.setColor(Color.DARK_GRAY);
                g.drawString(Integer.toString(r), x - 10, bottom + 16);
            }
            g.drawString("offered requests per second", left + 300, bottom + 36);
            g.drawString("hollow: not sustained (errors, empty answers, or under 90 % model answers)", left + 15,
                    top + 22 + modes.size() * 18);
            Color[] colors = {new Color(0x1565C0), new Color(0x6A1B9A), new Color(0xEF6C00), Color.BLACK};
            int i = 0;
            for (Map.Entry<String, List<Run>> mode : modes.entrySet()) {
                Color color = colors[i % colors.length];
                g.setColor(color);
                g.setStroke(new BasicStroke(2.2f));
                int px = -1;
                int py = -1;
                for (Run run : mode.getValue()) {
                    int x = left + (int) (run.report.rate() / maxRate * (width - left - right));
                    double v = Math.log10(Math.max(1, run.report.p99()));
                    int y = bottom - (int) ((Math.min(hi, v) - lo) / (hi - lo) * (bottom - top));
                    if (sustains(run.report)) {
                        g.fillOval(x - 4, y - 4, 8, 8);
                    } else { // a low P99 made of failover answers or errors is not a rate the mode carries
                        g.setColor(Color.WHITE);
                        g.fillOval(x - 4, y - 4, 8, 8);
                        g.setColor(color);
                        g.drawOval(x - 4, y - 4, 8, 8);
                    }
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    }
                    px = x;
                    py = y;
                }
                g.fillRect(left + 15, top + 15 + i * 18, 16, 5);
                g.setColor(Color.BLACK);
                g.drawString(mode.getKey(), left + 38, top + 22 + i * 18);
                i++;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
