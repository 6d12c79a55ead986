package io.glasscache.demo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    @Test
    void tablesCarryEachRunsHostStealAndTheSustainedRate(@TempDir Path dir) throws Exception {
        write(dir, report("tiered-2000", 2000, 46.5, 2.6, 19.0));
        write(dir, report("tiered-3000", 3000, 61.0, 12.4, 30.5));
        write(dir, report("fault-memcached-frozen", 1000, 48.3, null, null));

        BenchReport.main(new String[] {dir.toString()});

        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("host steal % (run / worst s)")
                .contains("| tiered | 2000 |").contains("| 2.6 / 19.0 |")
                .contains("| tiered | 3000 |").contains("| 12.4 / 30.5 |")
                .contains("| fault-memcached-frozen | 1000 |").contains("| n/a |")
                .contains("- tiered: 2000 rps");
        assertThat(dir.resolve("p99-vs-rate.png")).isNotEmptyFile();
    }

    @Test
    void theLadderTableNamesBuildWorkloadAndTheStoreCallsTheBreakerRefused(@TempDir Path dir) throws Exception {
        write(dir, report("ladder-current-store200ms-500", 500, 7.8, 0.0, 0.0));
        Files.writeString(dir.resolve("ladder-current-store200ms-500.metrics"),
                "storeCallsPerSecond=3\nstoreCallsRefusedByBreakerPerSecond=118\n");
        write(dir, report("ladder-previous-cold-1000", 1000, 47.9, 0.0, 0.0)); // no metrics file

        BenchReport.main(new String[] {dir.toString()});

        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("| store calls/s | refused by the breaker/s |")
                .contains("| current | store200ms | 500 | 96.0% |").contains("| 3 | 118 | 0.0 / 0.0 |")
                .contains("| previous | cold | 1000 |").contains("| n/a | n/a | 0.0 / 0.0 |")
                .as("no fixed-rate runs, no table of them").doesNotContain("| mode |", "Highest offered rate");
    }

    private static LoadReport report(String label, int rate, double p99, Double steal, Double worst) {
        List<LoadReport.Second> timeline = new ArrayList<>();
        for (int s = 1; s <= 30; s++) {
            timeline.add(new LoadReport.Second(s, rate, 0, 0, 0, 1.0, p99, p99 + 5, steal));
        }
        long total = 30L * rate;
        return new LoadReport(label, "http://127.0.0.1:1", rate, 30, total, total, 0, 0, total - total / 25, 0,
                total / 25, 0, 0, 0, rate, 1.0, 20, p99, p99 + 5, p99 + 10, 8, p99 - 4, p99 + 6, 0, steal, worst,
                timeline, List.of());
    }

    private static void write(Path dir, LoadReport report) throws Exception {
        new ObjectMapper().writeValue(dir.resolve(report.label() + ".json").toFile(), report);
    }
}
