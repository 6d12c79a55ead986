package io.glasscache.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What Linux says about a process and the machine, from /proc: resident memory, CPU time, steal, load. */
final class Proc {

    private Proc() {
    }

    /** The process's resident set in kB ({@code VmRSS}), empty once it is gone. */
    static OptionalLong rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return OptionalLong.empty();
    }

    /** User plus system CPU time of the process in clock ticks, empty once it is gone. */
    static OptionalLong cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) may hold spaces: count the fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The aggregate {@code cpu} counters of /proc/stat (user .. steal), or null. */
    static long[] hostCpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] parts = line.trim().split("\\s+");
                    long[] counters = new long[8];
                    for (int i = 0; i < counters.length; i++) {
                        counters[i] = Long.parseLong(parts[i + 1]);
                    }
                    return counters;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return null;
    }

    /** Percent of CPU time stolen between two {@link #hostCpu()} readings, or null. */
    static Double stealPercent(long[] from, long[] to) {
        if (from == null || to == null) {
            return null;
        }
        long total = 0;
        for (int i = 0; i < from.length; i++) {
            total += to[i] - from[i];
        }
        return total <= 0 ? null : Math.round(1000.0 * (to[7] - from[7]) / total) / 10.0;
    }

    /** The 1, 5 and 15 minute load averages as /proc/loadavg prints them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
