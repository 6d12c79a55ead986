package io.glasscache.demo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCpuTest {

    private static final String BEFORE = """
            cpu  1000 10 500 8000 40 0 30 420 0 0
            cpu0 500 5 250 4000 20 0 15 210 0 0
            intr 123
            """;
    /** +600 user, +100 system, +1000 idle, +300 steal: 2000 jiffies, 15 % stolen. */
    private static final String AFTER = """
            cpu  1600 10 600 9000 40 0 30 720 5 0
            cpu0 800 5 300 4500 20 0 15 360 5 0
            """;

    @Test
    void stealIsTheStolenShareOfAllCpuTimeBetweenReadings(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, BEFORE);
        HostCpu cpu = HostCpu.open(stat).orElseThrow();

        Files.writeString(stat, AFTER);
        assertThat(cpu.stealSinceLast()).isEqualTo(15.0);
        assertThat(cpu.stealSinceLast()).as("no time passed").isNull();
        assertThat(cpu.stealOverall()).isEqualTo(15.0);

        Files.writeString(stat, "garbage");
        assertThat(cpu.stealSinceLast()).as("unreadable now: unknown, not zero").isNull();
        assertThat(cpu.stealOverall()).isEqualTo(15.0);
    }

    @Test
    void absentWhereThereIsNoProcStatOrNoStealCounter(@TempDir Path dir) throws Exception {
        assertThat(HostCpu.open(dir.resolve("missing"))).isEmpty();
        Path old = dir.resolve("old");
        Files.writeString(old, "cpu  1 2 3 4 5 6 7\n"); // a kernel that does not count steal
        assertThat(HostCpu.open(old)).isEmpty();
        assertThat(HostCpu.parse("cpu0 1 2 3 4 5 6 7 8\n")).as("per-CPU lines are not the total").isNull();
        assertThat(HostCpu.parse("cpu  1 2 x 4 5 6 7 8\n")).isNull();
    }

    @Test
    void theRealProcStatWhereThereIsOne() {
        if (Files.isReadable(HostCpu.PROC_STAT)) { // Linux, where the load generator runs in the bench
            assertThat(HostCpu.open(HostCpu.PROC_STAT)).isPresent();
        } else {
            assertThat(HostCpu.open(HostCpu.PROC_STAT)).isEmpty();
        }
    }
}
