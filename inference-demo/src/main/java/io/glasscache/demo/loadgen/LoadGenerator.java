package io.glasscache.demo.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop HTTP load against the demo's recommendations API: requests leave at a constant rate whatever the
 * responses do, users and scenes are Zipf-distributed, and each latency runs from the request's intended send time
 * (HdrHistogram), so a stall is charged to every request it delays. Prints a line per second, then a summary, and
 * writes {@code <out>/<label>.json} and {@code <out>/<label>.png}. A {@code --warmup} phase of the same load, not
 * measured, comes first. Stops by itself after {@code --duration} plus at
 * most {@code --timeout} for the last responses. With {@code --marks-from-stdin}, windows (a fault injected and
 * cleared) are marked while it runs and reported apart, and a {@code stop} line ends the run early.
 *
 * <pre>
 * java -cp inference-demo/target/inference-demo.jar -Dloader.main=io.glasscache.demo.loadgen.LoadGenerator \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --rate 2000 --duration 30s
 * </pre>
 */
public final class LoadGenerator {

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final byte[] EXHAUSTED = ascii("\"exhausted\":true");
    private static final byte[] NO_ITEMS = ascii("\"items\":[]");
    private static final byte[] FROM_FAILOVER = ascii("\"source\":\"failover\"");
    private static final byte[] FROM_PARENT = ascii("\"source\":\"failover-parent\"");
    private static final byte[] FROM_MODEL = ascii("\"source\":\"model\"");
    private static final byte[] FROM_MODEL_LATE = ascii("\"source\":\"model-late\"");

    private final LoadOptions options;
    private final PrintStream console;
    private final Recorder recorder = new Recorder(HIGHEST_NANOS, 3);
    /** The same latencies split by where the answer came from, read once at the end. */
    private final Recorder modelRecorder = new Recorder(HIGHEST_NANOS, 3);
    private final Recorder failoverRecorder = new Recorder(HIGHEST_NANOS, 3);
    private final Recorder lateRecorder = new Recorder(HIGHEST_NANOS, 3);
    private final AtomicLong inFlight = new AtomicLong();
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final LongAdder errors = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder model = new LongAdder();
    private final LongAdder modelLate = new LongAdder();
    private final LongAdder failover = new LongAdder();
    private final LongAdder failoverParent = new LongAdder();
    private final LongAdder empty = new LongAdder();
    private final LongAdder exhausted = new LongAdder();
    private final FaultMarks marks = new FaultMarks(HIGHEST_NANOS);
    /** System.nanoTime() of the measured start; 0 before it. */
    private volatile long measuredStart;
    private volatile boolean stopped;

    public LoadGenerator(LoadOptions options, PrintStream console) {
        this.options = options;
        this.console = console;
    }

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            LoadGenerator generator = new LoadGenerator(options, System.out);
            if (options.marksFromStdin()) {
                generator.readMarks(System.in);
            }
            LoadReport report = generator.run();
            Path json = write(report, options.out());
            System.out.println("wrote " + json + " and " + json.resolveSibling(report.label() + ".png"));
            System.exit(0);
        } catch (IOException e) {
            System.err.println("loadgen: cannot write results: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Sends the load, prints progress, and returns the measurements (writes nothing). */
    public LoadReport run() {
        KeepAliveHttpClient client;
        try {
            client = new KeepAliveHttpClient(options.target(), options.connections(), options.timeout());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HTTP client for " + options.target(), e);
        }
        RequestMix mix = new RequestMix(options);
        long total = (long) options.rate() * options.duration().toSeconds()
                + options.rate() * (options.duration().toMillis() % 1000) / 1000;
        long period = 1_000_000_000L / options.rate();
        long maxInFlight = Math.max(1_000, (long) options.rate() * Math.max(1, options.timeout().toSeconds()) * 2);

        List<LoadReport.Second> timeline = new ArrayList<>();
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        long[] previous = new long[FaultMarks.Counts.SIZE];
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadgen-ticker");
            t.setDaemon(true);
            return t;
        });
        if (!options.warmup().isZero()) {
            // Not measured: a quarter, a half, then the full rate, each for a third of the warm-up, so that both
            // JVMs compile their hot paths and the connections are opened before the clock starts.
            RequestMix warmMix = new RequestMix(options, options.seed() ^ 0x5DEECE66DL);
            double third = options.warmup().toMillis() / 3000.0;
            for (int divisor : new int[] {4, 2, 1}) {
                int stageRate = Math.max(1, options.rate() / divisor);
                send(client, warmMix, System.nanoTime(), Math.max(1, (long) (stageRate * third)),
                        1_000_000_000L / stageRate, maxInFlight, false);
            }
        }
        HostCpu host = HostCpu.open(HostCpu.PROC_STAT).orElse(null);
        long start = System.nanoTime();
        measuredStart = start;
        ticker.scheduleAtFixedRate(() -> tick(timeline, all, previous, start, host), 1, 1, TimeUnit.SECONDS);
        console.printf(Locale.ROOT, "loadgen %s: %d req/s for %ds against %s (users=%d skew=%.2f)%n",
                options.label(), options.rate(), options.duration().toSeconds(), options.target(), options.users(),
                options.userSkew());
        long sent = send(client, mix, start, total, period, maxInFlight, true);
        double sendingSeconds = stopped ? (System.nanoTime() - start) / 1e9 : options.duration().toMillis() / 1000.0;
        long deadline = System.nanoTime() + options.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        ticker.shutdown();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (timeline) {
            tick(timeline, all, previous, start, host); // the last partial second
            for (Pending request : pending) { // never answered: an error, charged the time waited so far
                if (request.measured && request.done.compareAndSet(false, true)) {
                    errors.increment();
                    lost.increment();
                    all.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - request.intended));
                }
            }
        }
        client.close();

        double seconds = (System.nanoTime() - start) / 1e9;
        long completed = all.getTotalCount();
        Histogram fromModel = modelRecorder.getIntervalHistogram();
        Histogram fromFailover = failoverRecorder.getIntervalHistogram();
        Histogram late = lateRecorder.getIntervalHistogram();
        LoadReport report = new LoadReport(options.label(), options.target().toString(), options.rate(),
                sendingSeconds, sent, completed, errors.sum(), lost.sum(), model.sum(), modelLate.sum(),
                failover.sum(), failoverParent.sum(), empty.sum(), exhausted.sum(), completed / seconds,
                ms(all.getValueAtPercentile(50)), ms(all.getValueAtPercentile(90)), ms(all.getValueAtPercentile(99)),
                ms(all.getValueAtPercentile(99.9)), ms(all.getMaxValue()), all.getMean() / 1e6,
                ms(fromModel.getValueAtPercentile(99)), ms(fromFailover.getValueAtPercentile(99)),
                ms(late.getValueAtPercentile(99)),
                host == null ? null : host.stealOverall(),
                timeline.stream().map(LoadReport.Second::hostStealPercent).filter(Objects::nonNull)
                        .max(Double::compare).orElse(null),
                List.copyOf(timeline), marks.report(seconds));
        console.printf(Locale.ROOT, "summary %s: sent=%d completed=%d achieved=%.0f/s errors=%d (%.3f%%, lost %d) "
                        + "model=%d model-late=%d failover=%d failover-parent=%d empty=%d exhausted=%d%n"
                        + "latency ms: p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f mean=%.2f "
                        + "(p99 of model answers %.2f, of failover answers %.2f, of late answers %.2f)%n"
                        + "host CPU stolen by the hypervisor: %s%n",
                report.label(), report.sent(), report.completed(), report.achievedRps(), report.errors(),
                report.errorRate() * 100, report.lost(), report.model(), report.modelLate(), report.failover(),
                report.failoverParent(), report.empty(), report.exhausted(), report.p50(), report.p90(),
                report.p99(), report.p999(), report.max(), report.mean(), report.modelP99(), report.failoverP99(),
                report.lateP99(), stealSummary(report));
        for (LoadReport.Mark m : report.marks()) {
            console.printf(Locale.ROOT, "mark %s [%.1fs, %.1fs]: completed=%d errors=%d lost=%d model=%d "
                            + "model-late=%d failover=%d failover-parent=%d empty=%d exhausted=%d p50=%.2f p99=%.2f "
                            + "max=%.2f%n", m.label(), m.start(), m.end(), m.count(), m.errors(), m.lost(), m.model(),
                    m.modelLate(), m.failover(), m.failoverParent(), m.empty(), m.exhausted(), m.p50(), m.p99(),
                    m.max());
        }
        return report;
    }

    /**
     * Reads {@code start LABEL}, {@code end LABEL} and {@code stop} lines from {@code in} on a daemon thread until it
     * ends: marks are timed when read, from the measured start (a mark read during the warm-up opens at 0).
     */
    void readMarks(InputStream in) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    command(line.trim());
                }
            } catch (IOException e) {
                console.println("loadgen: marks input closed: " + e.getMessage());
            }
        }, "loadgen-marks");
        reader.setDaemon(true);
        reader.start();
    }

    /** One line of the marks protocol; answers on the console. */
    void command(String line) {
        if (line.isEmpty()) {
            return;
        }
        long startedAt = measuredStart;
        double second = startedAt == 0 ? 0 : (System.nanoTime() - startedAt) / 1e9;
        String[] words = line.split("\\s+");
        boolean done;
        if (words.length == 1 && words[0].equals("stop")) {
            stopped = true;
            done = true;
        } else if (words.length == 2 && words[0].equals("start")) {
            done = marks.start(words[1], second);
        } else if (words.length == 2 && words[0].equals("end")) {
            done = marks.end(words[1], second);
        } else {
            done = false;
        }
        console.printf(Locale.ROOT, done ? "marked '%s' at %.3fs%n" : "ignored '%s' (start LABEL, end LABEL of an "
                + "open window, stop; LABEL [A-Za-z0-9_.-]{1,64}, each once)%n", line, second);
    }

    static String stealSummary(LoadReport report) {
        if (report.hostStealPercent() == null) {
            return "unknown (no /proc/stat)";
        }
        String worst = report.hostStealMaxPercent() == null ? ""
                : String.format(Locale.ROOT, ", at most %.1f%% in one second", report.hostStealMaxPercent());
        return String.format(Locale.ROOT, "%.1f%% of the run%s", report.hostStealPercent(), worst);
    }

    /** Sends {@code total} requests open loop from {@code start}; returns how many were sent. */
    private long send(KeepAliveHttpClient client, RequestMix mix, long start, long total, long period, long maxInFlight,
            boolean measured) {
        long sent = 0;
        for (long i = 0; i < total && !stopped; i++) {
            long intended = start + i * period;
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            sent++;
            if (inFlight.get() >= maxInFlight) { // the client itself is saturated: count, never queue unboundedly
                if (measured) {
                    lost.increment();
                    fail(intended, System.nanoTime());
                }
                continue;
            }
            Pending request = new Pending(intended, measured);
            pending.add(request);
            inFlight.incrementAndGet();
            client.get(mix.next(), request);
        }
        return sent;
    }

    private void complete(Pending request, int status, byte[] body, int offset, int length) {
        long end = System.nanoTime();
        if (!settled(request)) {
            return;
        }
        long intended = request.intended;
        if (status != 200) {
            fail(intended, end);
            return;
        }
        long latency = Math.min(HIGHEST_NANOS, Math.max(0, end - intended));
        recorder.recordValue(latency);
        int to = offset + length;
        if (KeepAliveHttpClient.indexOf(body, offset, to, EXHAUSTED) >= 0) {
            exhausted.increment();
        } else if (KeepAliveHttpClient.indexOf(body, offset, to, NO_ITEMS) >= 0) {
            empty.increment(); // source "empty" (or, from a build before the ladder, "failover" with no items)
        } else if (KeepAliveHttpClient.indexOf(body, offset, to, FROM_FAILOVER) >= 0) {
            failover.increment();
            failoverRecorder.recordValue(latency);
        } else if (KeepAliveHttpClient.indexOf(body, offset, to, FROM_PARENT) >= 0) {
            failoverParent.increment();
            failoverRecorder.recordValue(latency);
        } else if (KeepAliveHttpClient.indexOf(body, offset, to, FROM_MODEL) >= 0) {
            model.increment();
            modelRecorder.recordValue(latency);
        } else if (KeepAliveHttpClient.indexOf(body, offset, to, FROM_MODEL_LATE) >= 0) {
            modelLate.increment();
            lateRecorder.recordValue(latency);
        } else {
            errors.increment(); // a 200 we do not understand is not a success
        }
    }

    private void failed(Pending request) {
        long end = System.nanoTime();
        if (settled(request)) {
            lost.increment();
            fail(request.intended, end);
        }
    }

    /** Marks {@code request} answered; whether to count it (measured, not already counted as unanswered). */
    private boolean settled(Pending request) {
        if (!request.done.compareAndSet(false, true)) {
            return false; // already counted as unanswered at the end of the run
        }
        pending.remove(request);
        inFlight.decrementAndGet();
        return request.measured;
    }

    private void fail(long intended, long end) {
        errors.increment();
        recorder.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, end - intended)));
    }

    private void tick(List<LoadReport.Second> timeline, Histogram all, long[] previous, long start, HostCpu host) {
        synchronized (timeline) {
            Double steal = host == null ? null : host.stealSinceLast();
            Histogram interval = recorder.getIntervalHistogram();
            all.add(interval);
            long[] delta = new long[FaultMarks.Counts.SIZE];
            delta[FaultMarks.Counts.ERRORS] = errors.sum();
            delta[FaultMarks.Counts.LOST] = lost.sum();
            delta[FaultMarks.Counts.MODEL] = model.sum();
            delta[FaultMarks.Counts.MODEL_LATE] = modelLate.sum();
            delta[FaultMarks.Counts.FAILOVER] = failover.sum();
            delta[FaultMarks.Counts.FAILOVER_PARENT] = failoverParent.sum();
            delta[FaultMarks.Counts.EMPTY] = empty.sum();
            delta[FaultMarks.Counts.EXHAUSTED] = exhausted.sum();
            for (int i = 0; i < delta.length; i++) {
                long total = delta[i];
                delta[i] = total - previous[i];
                previous[i] = total;
            }
            int second = timeline.size() + 1;
            marks.second(second, interval, delta);
            LoadReport.Second s = new LoadReport.Second(second, interval.getTotalCount(),
                    delta[FaultMarks.Counts.ERRORS], delta[FaultMarks.Counts.FAILOVER]
                    + delta[FaultMarks.Counts.FAILOVER_PARENT], delta[FaultMarks.Counts.EMPTY],
                    ms(interval.getValueAtPercentile(50)),
                    ms(interval.getValueAtPercentile(99)), ms(interval.getMaxValue()), steal);
            timeline.add(s);
            console.printf(Locale.ROOT, "[%3ds] rate=%5d/s p50=%7.2fms p99=%7.2fms max=%7.2fms errors=%d "
                            + "failover=%d empty=%d inflight=%d%s%n", second, s.count(), s.p50(), s.p99(), s.max(),
                    s.errors(), s.failover(), s.empty(), inFlight.get(),
                    steal == null ? "" : String.format(Locale.ROOT, " steal=%.1f%%", steal));
        }
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    /** Writes {@code <dir>/<label>.json} and {@code <dir>/<label>.png}; returns the JSON path. */
    public static Path write(LoadReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(report.label() + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        LatencyChart.write(report, dir.resolve(report.label() + ".png"));
        return json;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A request sent and not yet counted. */
    private final class Pending implements KeepAliveHttpClient.Outcome {
        final long intended;
        final boolean measured;
        final AtomicBoolean done = new AtomicBoolean();

        Pending(long intended, boolean measured) {
            this.intended = intended;
            this.measured = measured;
        }

        @Override
        public void response(int status, byte[] body, int offset, int length) {
            complete(this, status, body, offset, length);
        }

        @Override
        public void failure(String reason) {
            failed(this);
        }
    }

    /**
     * The request stream: Zipf users, Zipf scenes (home, video, destinations), mostly early pages; or, with
     * {@code --cold-users}, a user never seen before on every request and scenes uniform over home, video and the
     * destinations.
     */
    static final class RequestMix {
        private final SplittableRandom random;
        private final Zipf users;
        private final Zipf scenes;
        private final Zipf pages = new Zipf(12, 1.5);
        private final int size;
        private final boolean coldUsers;
        private final long sceneCount;
        private final String coldPrefix;
        private long coldUser;

        RequestMix(LoadOptions options) {
            this(options, options.seed());
        }

        RequestMix(LoadOptions options, long seed) {
            this.random = new SplittableRandom(seed);
            this.users = new Zipf(options.users(), options.userSkew());
            this.sceneCount = 2L + options.destinations();
            this.scenes = new Zipf(sceneCount, options.sceneSkew());
            this.size = options.size();
            this.coldUsers = options.coldUsers();
            // distinct per run and per mix, so that no cache holds any of them yet
            this.coldPrefix = "c" + Long.toUnsignedString(seed ^ System.nanoTime(), 36) + "x";
        }

        String next() {
            String user = coldUsers ? coldPrefix + coldUser++ : "u" + (users.sample(random) - 1);
            long scene = coldUsers ? 1 + random.nextLong(sceneCount) : scenes.sample(random);
            String sceneId = scene == 1 ? "home" : scene == 2 ? "video" : "destination:" + (scene - 2);
            long page = pages.sample(random) - 1;
            return "/api/v1/recommendations?userId=" + user + "&scene=" + sceneId + "&page=" + page + "&size=" + size;
        }
    }
}
