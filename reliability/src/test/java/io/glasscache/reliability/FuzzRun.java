package io.glasscache.reliability;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fuzzed requests at full speed against one listener from several threads, each on a connection of its own, while
 * a normal request goes every 250 ms on a new connection (it must keep being answered) and the process's resident
 * memory is sampled. Each outcome is judged: 2xx/4xx are fine, 405 is due for a wrong method, 503 only where
 * documented, a close without an answer only for a request broken at the protocol level (or, documented, from the
 * exporter's JDK server), nothing may stay unanswered; anything else is a violation, kept with its request for the
 * report.
 */
final class FuzzRun {

    static final Duration DEADLINE = Duration.ofSeconds(5);
    /** A request broken at the protocol level may get no answer at all: waiting longer shows nothing more. */
    static final Duration BROKEN_DEADLINE = Duration.ofMillis(1500);

    /** What one listener's fuzzing saw. */
    record Result(String listener, long requests, Map<Integer, Long> statuses, long closedBroken,
            long closedWellFormed, long silentBroken, List<String> violations,
            long probes, List<String> probeFailures, long peakRssKb, double seconds, long seed) {

        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }

        long serverErrors() {
            return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private final RequestFuzzer.Listener listener;
    private final int port;
    private final long pid;
    private final URI probe;
    private final List<String> targets;

    FuzzRun(RequestFuzzer.Listener listener, int port, long pid, URI probe, List<String> targets) {
        this.listener = listener;
        this.port = port;
        this.pid = pid;
        this.probe = probe;
        this.targets = targets;
    }

    Result run(long requests, int threads, long seed) throws Exception {
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder closedBroken = new LongAdder();
        LongAdder closedWellFormed = new LongAdder();
        LongAdder silentBroken = new LongAdder(); // no answer to a truncated or broken request: fair
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicLong next = new AtomicLong();
        AtomicLong peakRss = new AtomicLong(Proc.rssKb(pid).orElse(0));
        AtomicInteger probes = new AtomicInteger();
        List<String> probeFailures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                RequestFuzzer fuzzer = new RequestFuzzer(listener, seed + t, targets);
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < requests) {
                        RequestFuzzer.Fuzzed request = fuzzer.next();
                        int status = Wire.exchange(port, request.bytes(), request.truncated(),
                                request.broken() ? BROKEN_DEADLINE : DEADLINE);
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        if (status == Wire.CLOSED) {
                            (request.broken() ? closedBroken : closedWellFormed).increment();
                        }
                        if (status == Wire.SILENT && request.broken()) {
                            silentBroken.increment();
                        }
                        String violation = violation(request, status);
                        if (violation != null && violations.size() < 200) {
                            String entry = violation + " <- " + request.kind() + ": " + request.printable(300);
                            if (status >= 500) {
                                violations.add(0, entry); // the worst first
                            } else {
                                violations.add(entry);
                            }
                        }
                    }
                    return null;
                }));
            }
            Future<?> prober = pool.submit(() -> {
                while (workers.stream().anyMatch(w -> !w.isDone())) {
                    probes.incrementAndGet();
                    int code = Wire.get(probe, DEADLINE); // a new connection each time, as a new client
                    if (code != 200) {
                        probeFailures.add(code == Wire.CLOSED ? "closed" : code == Wire.SILENT ? "no answer"
                                : code == Wire.REFUSED ? "refused" : "HTTP " + code);
                    }
                    Proc.rssKb(pid).ifPresent(rss -> peakRss.accumulateAndGet(rss, Math::max));
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
                }
                return null;
            });
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.MINUTES);
            }
            prober.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.sum()));
        return new Result(listener.name(), requests, counts, closedBroken.sum(), closedWellFormed.sum(),
                silentBroken.sum(), List.copyOf(violations), probes.get(), List.copyOf(probeFailures),
                peakRss.get(), (System.nanoTime() - start) / 1e9, seed);
    }

    /** Why an outcome is wrong, or null. */
    String violation(RequestFuzzer.Fuzzed request, int status) {
        if (status == Wire.REFUSED) {
            return "connection refused: is the listener down?";
        }
        if (status == Wire.SILENT) {
            // the JDK server waits up to 10 s (sun.net.httpserver.maxReqTime) for a head it cannot parse the end of
            boolean documented = listener == RequestFuzzer.Listener.EXPORTER && request.broken();
            return request.truncated() || documented ? null : "no answer within " + (request.broken()
                    ? BROKEN_DEADLINE.toMillis() + " ms" : DEADLINE.toSeconds() + " s");
        }
        if (status == Wire.CLOSED) {
            boolean documented = listener == RequestFuzzer.Listener.EXPORTER; // docs/exporter.md, "Protections"
            return request.broken() || documented ? null : "closed without an answer";
        }
        if (status >= 500) {
            return status == 503 && documented503(request) ? null : "HTTP " + status;
        }
        // a wrong method gets 405; a 400, 414 or 431 for something else wrong in the request may come first
        if (request.wrongMethod() && (status < 300 || status == 404)) {
            return "HTTP " + status + " to a wrong method (405 is due)";
        }
        return null;
    }

    /** The exporter's scrape cap, and the demo's health during warm-up (or with a component down). */
    private boolean documented503(RequestFuzzer.Fuzzed request) {
        String path = request.path() == null ? "" : request.path();
        return listener == RequestFuzzer.Listener.EXPORTER && (path.equals("/metrics") || path.equals("/scrape"))
                || listener == RequestFuzzer.Listener.MANAGEMENT && path.startsWith("/actuator/health");
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
