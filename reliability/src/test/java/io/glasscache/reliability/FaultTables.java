package io.glasscache.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fault suite's figures as Markdown (target/reliability/faults.md), one table row per fault, and the details
 * below; with {@code -Dreliability.publish=true} the charts are copied to docs/img/reliability-<fault>.png.
 */
final class FaultTables {

    /** A fault's window in its load run, with the run's report. */
    record Row(Window window, LoadRun.Report report, String command) {
    }

    private final Mode mode;
    private final List<Row> rows = new ArrayList<>();
    private final String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);

    FaultTables(Mode mode) {
        this.mode = mode;
    }

    void add(Window window, LoadRun.Report report, String command) {
        rows.add(new Row(window, report, command));
    }

    /**
     * Seconds from the fault's clearing until the answers look as before it for three seconds in a row: the share
     * of answers that are not the model's (failover, empty, errors) within twice the baseline's (or 2 points over
     * it), and the second's P99 within twice the baseline's P99 (or the 50 ms SLO). Null when never within the run.
     */
    static Double clientRecovery(JsonNode report, JsonNode baseline, double cleared) {
        double baseShare = baseline.path("count").asLong() == 0 ? 0 : (double) (baseline.path("failover").asLong()
                + baseline.path("failoverParent").asLong() + baseline.path("empty").asLong()
                + baseline.path("errors").asLong()) / baseline.path("count").asLong();
        double shareLimit = Math.max(2 * baseShare, baseShare + 0.02);
        double p99Limit = Math.max(2 * baseline.path("p99").asDouble(), 50);
        List<JsonNode> seconds = new ArrayList<>();
        report.path("timeline").forEach(seconds::add);
        int run = 0;
        for (JsonNode s : seconds) {
            int second = s.path("second").asInt();
            if (second - 1 < cleared) {
                continue;
            }
            long count = s.path("count").asLong();
            double share = count == 0 ? 1 : (double) (s.path("failover").asLong() + s.path("empty").asLong()
                    + s.path("errors").asLong()) / count;
            run = count > 0 && share <= shareLimit && s.path("p99").asDouble() <= p99Limit ? run + 1 : 0;
            if (run == 3) {
                return Math.max(0, second - 3 - cleared);
            }
        }
        return null;
    }

    /** Writes faults.md (and, when asked to, the charts into docs/img); returns its path. */
    Path write() {
        StringBuilder md = new StringBuilder();
        md.append("# Fault suite, ").append(mode.name().toLowerCase(Locale.ROOT)).append(" run\n\n");
        md.append(machine()).append("\n\n");
        md.append("| fault | load | requests lost | HTTP errors | empty answers | answers during the fault: model / "
                + "model-late / failover / failover-parent / empty | P99 before -> during (max) ms | recovery: "
                + "answers as before (s after the fault ended) | recovery: component | host steal % (run / worst s), "
                + "load avg | rerun |\n");
        md.append("|---|---|---:|---:|---:|---|---|---:|---|---|---|\n");
        for (Row row : rows) {
            Window w = row.window();
            JsonNode r = row.report().json();
            JsonNode mark = row.report().mark(w.fault().name);
            JsonNode baseline = row.report().mark("baseline");
            Double recovery = baseline.isMissingNode() ? null : clientRecovery(r, baseline, w.cleared());
            md.append(String.format(Locale.ROOT, "| %s: %s | %d rps, %.0f s | %d (in the window: %d) | %d | %d | "
                            + "%d / %d / %d / %d / %d | %s -> %.1f (%.1f) | %s | %s | %s, %s | `%s` |%n",
                    w.fault().name, w.fault().what, r.path("rate").asInt(), r.path("seconds").asDouble(),
                    r.path("lost").asLong(), mark.path("lost").asLong(), r.path("errors").asLong()
                            - r.path("lost").asLong(), r.path("empty").asLong(), mark.path("model").asLong(),
                    mark.path("modelLate").asLong(), mark.path("failover").asLong(),
                    mark.path("failoverParent").asLong(), mark.path("empty").asLong(),
                    baseline.isMissingNode() ? "n/a" : String.format(Locale.ROOT, "%.1f",
                            baseline.path("p99").asDouble()), mark.path("p99").asDouble(),
                    mark.path("max").asDouble(), recovery == null ? "n/a" : String.format(Locale.ROOT, "%.0f",
                            recovery), w.ok() ? w.recovery() : "FAILED: " + w.failure(), steal(r), w.loadAverage(),
                    row.command()));
        }
        md.append("\n## Details\n");
        for (Row row : rows) {
            Window w = row.window();
            md.append("\n### ").append(w.fault().name).append("\n\n");
            md.append("- fault: ").append(w.fault().what).append("; expected: ").append(w.fault().expected)
                    .append('\n');
            md.append(String.format(Locale.ROOT, "- window: injected at %.1f s, cleared at %.1f s, recovered at "
                    + "%.1f s of run %s%n", w.injected(), w.cleared(), w.recovered(),
                    row.report().json().path("label").asText()));
            md.append("- in effect: ").append(w.proof()).append('\n');
            md.append("- recovery: ").append(w.ok() ? w.recovery() : "FAILED: " + w.failure()).append('\n');
            if (!w.fault().observations().isEmpty()) {
                md.append("- seen: ").append(w.fault().observations()).append('\n');
            }
            if (w.demo() != null) {
                Demo.Counters c = w.demo();
                md.append(String.format(Locale.ROOT, "- the demo's counters, injection to recovery: ladder %s; L2 "
                                + "hits %.0f, store reads %.0f (L2 answered %.0f %% of the L1 misses); L2 errors by "
                                + "server %s; store calls failed %.0f, refused %.0f; snapshots %.0f, failed %.0f%n",
                        c.rungs().entrySet().stream().map(e -> e.getKey() + " " + Math.round(e.getValue()))
                                .collect(Collectors.joining(", ")), c.l2Hits(), c.misses(), c.l2HitPercent(),
                        c.l2Errors().entrySet().stream().map(e -> e.getKey() + " " + Math.round(e.getValue()))
                                .collect(Collectors.joining(", ")), c.storeErrors(), c.storeRejected(),
                        c.snapshots(), c.snapshotFailures()));
            }
            md.append("- chart: ").append(row.report().chart().getFileName()).append('\n');
        }
        Path file = Results.write("faults.md", md.toString());
        if (Boolean.getBoolean("reliability.publish")) {
            publishCharts();
        }
        return file;
    }

    private void publishCharts() {
        try {
            Path img = Project.file("docs/img");
            Files.createDirectories(img);
            for (Row row : rows) {
                Files.copy(row.report().chart(), img.resolve("reliability-" + row.window().fault().name + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String machine() {
        return String.format(Locale.ROOT, "Run %s on %d vCPU, %s; load average at the start %s.", started,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " "
                        + System.getProperty("os.version") + ", Java " + System.getProperty("java.version"),
                rows.isEmpty() ? Proc.loadAverage() : rows.get(0).window().loadAverage());
    }

    static String steal(JsonNode report) {
        return report.path("hostStealPercent").isNull() || report.path("hostStealPercent").isMissingNode() ? "n/a"
                : String.format(Locale.ROOT, "%.1f / %.1f", report.path("hostStealPercent").asDouble(),
                        report.path("hostStealMaxPercent").asDouble());
    }
}
