package io.glasscache.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;

/** The faults of the suite, in the order they run. */
final class Faults {

    private Faults() {
    }

    /** Every fault but the demo's own crash (which restarts the process and runs on its own). */
    static List<Fault> onTheStack(Stack stack, SnapshotDisk disk, Mode mode) {
        Demo demo = new Demo(stack);
        return List.of(new L2Killed(stack, demo), new L2Frozen(stack, demo, mode),
                new RingNodeKilled(stack, demo, mode),
                StoreChaos.failing(demo, mode), StoreChaos.slow(demo, mode), new ExporterOnFrozenNode(stack, demo, mode),
                new SnapshotDiskFull(demo, disk), new SnapshotDirReadOnly(demo, disk), new CpuHog(stack, demo, mode));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static void until(String what, Duration atMost, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(condition);
    }

    /** Keeps a fault in place for {@code duration} (a length of time, not a condition to poll for). */
    static void hold(Duration duration) {
        if (!duration.isZero()) {
            Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
        }
    }

    static void signal(long pid, String signal) {
        Shell.Result kill = Shell.run(Duration.ofSeconds(10), "kill", "-" + signal, String.valueOf(pid));
        if (!kill.ok()) {
            throw new IllegalStateException("kill -" + signal + " " + pid + ": " + kill.output());
        }
    }

    static void killNine(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
        until("PID " + pid + " gone", Duration.ofSeconds(10), () -> !Proc.alive(pid));
    }

    static String elapsed(long sinceNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - sinceNanos) / 1e9);
    }

    /** Awaits a closed L2 breaker; returns the time it took from {@code sinceNanos}. */
    static String l2BreakerClosed(Demo demo, long sinceNanos) {
        until("the demo's L2 breaker CLOSED", Duration.ofSeconds(90), () -> demo.l2Breaker().equals("CLOSED"));
        return "the demo's L2 breaker CLOSED " + elapsed(sinceNanos) + " after";
    }

    // --- memcached -----------------------------------------------------------------------------------------------

    /** The whole L2: every node of the ring killed with SIGKILL, then started again (empty) by stack.sh up. */
    static final class L2Killed extends Fault {
        private final Stack stack;
        private final Demo demo;

        L2Killed(Stack stack, Demo demo) {
            super("l2-killed", "all 3 memcached nodes kill -9, then restarted (empty)",
                    "L2 breaker opens, reads go L1 -> store; no error, no empty answer; L2 refills after");
            this.stack = stack;
            this.demo = demo;
        }

        @Override
        void inject() {
            for (int i = 0; i < 3; i++) {
                killNine(stack.pid("memcached-" + i));
            }
        }

        @Override
        String proof() {
            until("no ring node accepts connections", Duration.ofSeconds(10),
                    () -> stack.memcachedPorts.stream().noneMatch(Memcached::accepts));
            return "no node accepts a connection on " + stack.memcachedPorts;
        }

        @Override
        Duration hold() {
            return Duration.ZERO; // the restart below takes its own time
        }

        @Override
        void clear() {
            stack.up();
        }

        @Override
        String recovered() {
            long since = System.nanoTime();
            until("every node answers", Duration.ofSeconds(30), () -> stack.memcachedPorts.stream()
                    .allMatch(p -> Memcached.answers(p, Duration.ofSeconds(1))));
            return "nodes answer again; " + l2BreakerClosed(demo, since) + " the restart";
        }
    }

    /** The whole L2 frozen (SIGSTOP: the kernel still accepts connections, nothing answers), then SIGCONT. */
    static final class L2Frozen extends Fault {
        private final Stack stack;
        private final Demo demo;
        private final Mode mode;

        L2Frozen(Stack stack, Demo demo, Mode mode) {
            super("l2-frozen", "all 3 memcached nodes SIGSTOP for " + mode.freeze.toSeconds() + " s, then SIGCONT",
                    "L2 operations time out (20 ms), the L2 breaker opens; no error, no empty answer");
            this.stack = stack;
            this.demo = demo;
            this.mode = mode;
        }

        @Override
        void inject() {
            IntStream.range(0, 3).forEach(i -> signal(stack.pid("memcached-" + i), "STOP"));
        }

        @Override
        String proof() {
            boolean accepted = stack.memcachedPorts.stream().allMatch(Memcached::accepts);
            boolean silent = stack.memcachedPorts.stream().noneMatch(p -> Memcached.answers(p, Duration.ofMillis(500)));
            if (!accepted || !silent) {
                throw new AssertionError("frozen ring: accepted=" + accepted + " silent=" + silent);
            }
            return "every node accepts TCP and answers no 'version' within 500 ms";
        }

        @Override
        Duration hold() {
            return mode.freeze;
        }

        @Override
        void clear() {
            IntStream.range(0, 3).forEach(i -> signal(stack.pid("memcached-" + i), "CONT"));
        }

        @Override
        String recovered() {
            long since = System.nanoTime();
            until("every node answers", Duration.ofSeconds(30), () -> stack.memcachedPorts.stream()
                    .allMatch(p -> Memcached.answers(p, Duration.ofSeconds(1))));
            return l2BreakerClosed(demo, since) + " SIGCONT";
        }
    }

    /** One node of three killed: its share of the L2 keys is lost (Ketama, failure mode cancel), then it returns. */
    static final class RingNodeKilled extends Fault {
        private final Stack stack;
        private final Demo demo;
        private final Mode mode;
        private String share = "";

        RingNodeKilled(Stack stack, Demo demo, Mode mode) {
            super("ring-node-killed", "memcached-1 of 3 kill -9, then restarted (empty)",
                    "about a third of the L2 keys lost (their reads fail fast and go to the store); no error");
            this.stack = stack;
            this.demo = demo;
            this.mode = mode;
        }

        @Override
        void inject() {
            long[] items = stack.memcachedPorts.stream().mapToLong(Memcached::currentItems).toArray();
            long total = items[0] + items[1] + items[2];
            share = String.format(Locale.ROOT, "memcached-1 held %d of the ring's %d items (%.0f %%; the nodes: "
                    + "%d / %d / %d)", items[1], total, 100.0 * items[1] / Math.max(1, total), items[0], items[1],
                    items[2]);
            killNine(stack.pid("memcached-1"));
        }

        @Override
        String proof() {
            until("memcached-1 refuses connections", Duration.ofSeconds(10),
                    () -> !Memcached.accepts(stack.memcachedPorts.get(1)));
            if (!Memcached.answers(stack.memcachedPorts.get(0), Duration.ofSeconds(1))
                    || !Memcached.answers(stack.memcachedPorts.get(2), Duration.ofSeconds(1))) {
                throw new AssertionError("the other two nodes should still answer");
            }
            return "memcached-1 refuses connections, memcached-0 and -2 answer";
        }

        @Override
        Duration hold() {
            return mode.freeze;
        }

        @Override
        void clear() {
            stack.up();
        }

        @Override
        String recovered() {
            long since = System.nanoTime();
            int port = stack.memcachedPorts.get(1);
            until("memcached-1 answers and holds items again", Duration.ofSeconds(60),
                    () -> Memcached.currentItems(port) > 0);
            String refilled = "memcached-1 back and refilling (" + Memcached.currentItems(port) + " items "
                    + elapsed(since) + " after the restart)";
            return refilled + "; " + l2BreakerClosed(demo, since) + " the restart";
        }

        @Override
        String observations() {
            return share;
        }
    }

    // --- the feature store ---------------------------------------------------------------------------------------

    /** Awaits the store's breaker closed and a model answer for a user never seen (so through the store). */
    static String storeServes(Demo demo, long since) {
        until("the store's breaker CLOSED", Duration.ofSeconds(60), () -> demo.storeBreaker().equals("CLOSED"));
        String closed = "store breaker CLOSED " + elapsed(since) + " after";
        until("a new user answered by the model", Duration.ofSeconds(60), () -> demo.recommend("fresh-"
                + System.nanoTime(), "home").path("source").asText().equals("model"));
        return closed + "; a new user's answer came from the model " + elapsed(since) + " after";
    }

    /**
     * A fault of the feature store set through the demo's chaos controls for a while, then removed. In effect when
     * the controls report it and a user never seen (whose features only the store has) is no longer answered by the
     * model.
     */
    static final class StoreChaos extends Fault {
        private final Demo demo;
        private final Mode mode;
        private final long latencyMs;
        private final double errorRate;

        StoreChaos(String name, String what, String expected, Demo demo, Mode mode, long latencyMs,
                double errorRate) {
            super(name, what + " for " + mode.storeFault.toSeconds() + " s (chaos latencyMs " + latencyMs
                    + ", errorRate " + errorRate + ")", expected);
            this.demo = demo;
            this.mode = mode;
            this.latencyMs = latencyMs;
            this.errorRate = errorRate;
        }

        static StoreChaos failing(Demo demo, Mode mode) {
            return new StoreChaos("store-failing", "every feature store call fails", "the store's breaker opens; "
                    + "answers from the failover cache (last-good screens); users in L1/L2 keep model answers; no "
                    + "error, no empty answer", demo, mode, 0, 1.0);
        }

        static StoreChaos slow(Demo demo, Mode mode) {
            return new StoreChaos("store-slow", "every feature store call 500 ms slower", "store calls outlive the "
                    + "45 ms budget (not the 1 s time limit): failover answers; the slow-call breaker opens; no "
                    + "error, no empty answer", demo, mode, 500, 0);
        }

        @Override
        void inject() {
            demo.chaos(latencyMs, errorRate);
        }

        @Override
        String proof() {
            JsonNode chaos = demo.chaos();
            if (chaos.path("latencyMs").asLong() != latencyMs || chaos.path("errorRate").asDouble() != errorRate) {
                throw new AssertionError("chaos not in force: " + chaos);
            }
            until("a new user no longer answered by the model", Duration.ofSeconds(15),
                    () -> !demo.recommend("chaos-" + System.nanoTime(), "video").path("source").asText()
                            .equals("model"));
            return "chaos " + chaos + " in force; a new user's answer is no longer the model's";
        }

        @Override
        Duration hold() {
            return mode.storeFault;
        }

        @Override
        void clear() {
            demo.calm();
        }

        @Override
        String recovered() {
            return storeServes(demo, System.nanoTime()) + " the chaos was removed";
        }
    }

    // --- the exporter --------------------------------------------------------------------------------------------

    /** One node frozen under the exporter: its scrape ends within the deadline with memcached_up 0; others fine. */
    static final class ExporterOnFrozenNode extends Fault {
        private final Stack stack;
        private final Demo demo;
        private final Mode mode;
        private final List<String> seen = new ArrayList<>();

        ExporterOnFrozenNode(Stack stack, Demo demo, Mode mode) {
            super("exporter-frozen-node", "memcached-2 SIGSTOP under the exporter (and the demo) for "
                    + mode.freeze.toSeconds() + " s, and until Prometheus has seen it down, then SIGCONT",
                    "/scrape of the node ends within --memcached.timeout (1 s) with memcached_up 0 and a scrape "
                    + "error counted; the other nodes report up; Prometheus sees the same; the demo's reads of that "
                    + "node time out: no error");
            this.stack = stack;
            this.demo = demo;
            this.mode = mode;
        }

        @Override
        void inject() {
            signal(stack.pid("memcached-2"), "STOP");
        }

        @Override
        String proof() {
            int frozen = stack.memcachedPorts.get(2);
            if (!Memcached.accepts(frozen) || Memcached.answers(frozen, Duration.ofMillis(500))) {
                throw new AssertionError("memcached-2 is not frozen");
            }
            double errorsBefore = scrapeErrors(stack.memcached(2));
            long start = System.nanoTime();
            // the client gives it 5 s; the exporter's own deadline is 1 s: a hang fails here
            Exposition scrape = scrape(stack.memcached(2), Duration.ofSeconds(5));
            String took = elapsed(start);
            if (scrape.sum("memcached_up") != 0) {
                throw new AssertionError("memcached_up of the frozen node is not 0");
            }
            double errorsAfter = scrapeErrors(stack.memcached(2));
            if (!(errorsAfter > errorsBefore)) {
                throw new AssertionError("memcached_exporter_scrape_errors_total did not rise: " + errorsBefore
                        + " -> " + errorsAfter);
            }
            for (int i = 0; i < 2; i++) {
                if (scrape(stack.memcached(i), Duration.ofSeconds(5)).sum("memcached_up") != 1) {
                    throw new AssertionError("memcached-" + i + " is not reported up beside the frozen node");
                }
            }
            seen.add("/scrape of the frozen node answered in " + took + " with memcached_up 0 (scrape errors "
                    + (long) errorsBefore + " -> " + (long) errorsAfter + "); memcached-0 and -1 up");
            return "memcached-2 accepts TCP, answers nothing; " + seen.get(0);
        }

        @Override
        Duration hold() {
            return mode.freeze; // then clear() waits for Prometheus' own scrape of it
        }

        @Override
        void clear() {
            // Prometheus, scraping every 5 s, saw the frozen node down and the others up before it is thawed
            String instance = stack.memcached(2);
            until("Prometheus: memcached_up 0 for the frozen node, 1 for the others", Duration.ofSeconds(30),
                    () -> prometheusUp(instance) == 0 && prometheusUp(stack.memcached(0)) == 1
                            && prometheusUp(stack.memcached(1)) == 1);
            seen.add("Prometheus: memcached_up{instance=\"" + instance + "\"} 0, the other two 1");
            signal(stack.pid("memcached-2"), "CONT");
        }

        @Override
        String recovered() {
            long since = System.nanoTime();
            until("the node reported up again", Duration.ofSeconds(30),
                    () -> scrape(stack.memcached(2), Duration.ofSeconds(5)).sum("memcached_up") == 1);
            String up = "/scrape reports it up " + elapsed(since) + " after SIGCONT";
            return up + "; " + l2BreakerClosed(demo, since) + " SIGCONT";
        }

        @Override
        String observations() {
            return String.join("; ", seen);
        }

        private Exposition scrape(String target, Duration timeout) {
            var response = Http.get(stack.exporter("/scrape?target=" + target), timeout);
            if (response.statusCode() != 200) {
                throw new AssertionError("/scrape?target=" + target + " answered " + response.statusCode());
            }
            return Exposition.parse(response.body());
        }

        private double scrapeErrors(String target) {
            return scrape(target, Duration.ofSeconds(5)).sum("memcached_exporter_scrape_errors_total");
        }

        private double prometheusUp(String instance) {
            JsonNode result = Http.json(stack.prometheus("/api/v1/query?query=memcached_up%7Binstance%3D%22"
                    + instance + "%22%7D")).path("data").path("result");
            return result.isEmpty() ? -1 : result.get(0).path("value").get(1).asDouble();
        }
    }

    // --- the snapshot directory ----------------------------------------------------------------------------------

    /** A snapshot fault: the directory stops taking writes; the demo's snapshots fail, answers go on. */
    abstract static class SnapshotFault extends Fault {
        final Demo demo;
        final SnapshotDisk disk;
        private double failuresAtInjection;

        SnapshotFault(String name, String what, Demo demo, SnapshotDisk disk) {
            super(name, what + " (" + disk.method().name().toLowerCase(Locale.ROOT) + ")", "the demo's snapshots "
                    + "fail (counted, earlier generations kept); answers unaffected; the next snapshot after the fix "
                    + "succeeds");
            this.demo = demo;
            this.disk = disk;
        }

        abstract void breakDisk() throws Exception;

        abstract void fixDisk() throws Exception;

        @Override
        final void inject() throws Exception {
            failuresAtInjection = demo.counters().snapshotFailures();
            breakDisk();
        }

        @Override
        final String proof() {
            String own = disk.proveUnwritable();
            until("a failed snapshot of the demo", Stack.SNAPSHOT_INTERVAL.multipliedBy(3),
                    () -> demo.counters().snapshotFailures() > failuresAtInjection);
            return "the suite's own write fails (" + own + "); the demo's next snapshot failed";
        }

        @Override
        final Duration hold() {
            return Duration.ZERO; // proven by a failed snapshot, which takes up to one interval
        }

        @Override
        final void clear() throws Exception {
            fixDisk();
        }

        @Override
        final String recovered() throws Exception {
            long since = System.nanoTime();
            disk.proveWritable();
            double successes = demo.counters().snapshots();
            until("a successful snapshot", Stack.SNAPSHOT_INTERVAL.multipliedBy(3),
                    () -> demo.counters().snapshots() > successes);
            return "a snapshot succeeded " + elapsed(since) + " after the fix";
        }
    }

    static final class SnapshotDiskFull extends SnapshotFault {
        SnapshotDiskFull(Demo demo, SnapshotDisk disk) {
            super("snapshot-disk-full", "the snapshot directory's filesystem full", demo, disk);
        }

        @Override
        void breakDisk() throws Exception {
            disk.fill();
        }

        @Override
        void fixDisk() throws Exception {
            disk.unfill();
        }
    }

    static final class SnapshotDirReadOnly extends SnapshotFault {
        SnapshotDirReadOnly(Demo demo, SnapshotDisk disk) {
            super("snapshot-dir-read-only", "the snapshot directory's filesystem read-only", demo, disk);
        }

        @Override
        void breakDisk() {
            disk.readOnly();
        }

        @Override
        void fixDisk() {
            disk.writable();
        }
    }

    // --- the CPU -------------------------------------------------------------------------------------------------

    /** One busy loop per core beside the demo, at the same priority, killed by timeout(1) at the latest. */
    static final class CpuHog extends Fault {
        private final Stack stack;
        private final Demo demo;
        private final Mode mode;
        private final List<Process> hogs = new ArrayList<>();
        private String usage = "";

        CpuHog(Stack stack, Demo demo, Mode mode) {
            super("cpu-hog", Runtime.getRuntime().availableProcessors() + " busy loops (one per core) beside the "
                    + "demo for " + mode.freeze.toSeconds() + " s", "the event loops get a share of the cores: "
                    + "answers slower, more from the failover cache; no error, no empty answer");
            this.stack = stack;
            this.demo = demo;
            this.mode = mode;
        }

        @Override
        void inject() throws Exception {
            long limit = mode.freeze.toSeconds() + 10;
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                hogs.add(new ProcessBuilder("timeout", "-s", "KILL", limit + "s", "bash", "-c", "while :; do :; done")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
        }

        @Override
        String proof() {
            long[] host = Proc.hostCpu();
            long before = hogTicks();
            long start = System.nanoTime();
            // at least half a core's worth of CPU time burnt by the hogs (clock ticks: 100 per CPU-second)
            until("the hogs burning CPU", Duration.ofSeconds(10), () -> hogTicks() - before >= 50);
            double seconds = (System.nanoTime() - start) / 1e9;
            usage = String.format(Locale.ROOT, "the hogs used %.0f %% of one core each while proven (%d ticks in "
                    + "%.1f s), host steal %s %%", (hogTicks() - before) / seconds / hogs.size(), hogTicks() - before,
                    seconds, Proc.stealPercent(host, Proc.hostCpu()));
            return usage;
        }

        @Override
        Duration hold() {
            return mode.freeze;
        }

        @Override
        void clear() {
            for (Process hog : hogs) {
                hog.descendants().forEach(ProcessHandle::destroyForcibly);
                hog.destroyForcibly();
            }
            until("the hogs gone", Duration.ofSeconds(10), () -> hogs.stream().noneMatch(Process::isAlive));
            hogs.clear();
        }

        @Override
        String recovered() {
            long since = System.nanoTime();
            until("the demo live", Duration.ofSeconds(30), () -> Http.get(stack.management(
                    "/actuator/health/liveness")).statusCode() == 200);
            until("a new user answered by the model", Duration.ofSeconds(60), () -> demo.recommend("after-hog-"
                    + System.nanoTime(), "home").path("source").asText().equals("model"));
            return "live, and a new user's answer came from the model " + elapsed(since) + " after the hogs ended";
        }

        @Override
        String observations() {
            return usage;
        }

        private long hogTicks() {
            return hogs.stream().flatMap(p -> Stream.concat(Stream.of(p.toHandle()), p.descendants()))
                    .mapToLong(h -> Proc.cpuTicks(h.pid()).orElse(0)).sum();
        }
    }
}
