package io.glasscache.exporter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.glasscache.exporter.mapping.CollectorSwitches;
import io.glasscache.exporter.mapping.Family;
import io.glasscache.exporter.mapping.Samples;
import io.glasscache.exporter.stats.MemcachedAddress;
import io.glasscache.exporter.stats.MemcachedStats;
import io.glasscache.exporter.stats.StatsReader;
import io.glasscache.exporter.stats.TlsSettings;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * A client_java collector that asks memcached for its stats at scrape time (no background polling, no stale
 * values). Register it in any {@code PrometheusRegistry}:
 *
 * <pre>{@code
 * PrometheusRegistry.defaultRegistry.register(MemcachedCollector.builder().target("cache-1:11211").build());
 * }</pre>
 *
 * Each instance is fetched on its own pool thread with its own deadline, so a frozen server costs at most the
 * deadline and never delays the others; the pool size bounds how many servers are queried at once. A single
 * server given by IP or unix socket is fetched on the calling thread: its socket timeouts already bound it.
 */
public final class MemcachedCollector implements MultiCollector, AutoCloseable {

    /** The label discovery mode adds to every memcached family; Prometheus' own {@code instance} stays the exporter. */
    public static final String INSTANCE_LABEL = "memcached_instance";

    private static final Logger LOG = Logger.getLogger(MemcachedCollector.class.getName());
    private static final int MAX_TRACKED_TARGETS = 4096;

    private final MemcachedAddress target;
    private final Discovery discovery;
    private final TargetResolver resolver;
    private final Duration timeout;
    private final CollectorSwitches switches;
    private final StatsReader reader;
    private final ThreadPoolExecutor pool;
    /** Per instance: lines or values not parsed, and failed reads (at most {@value #MAX_TRACKED_TARGETS} each). */
    private final Map<String, AtomicLong> parseErrors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> scrapeErrors = new ConcurrentHashMap<>();
    private final AtomicLong discoveryErrors = new AtomicLong();

    private MemcachedCollector(Builder builder) {
        this.target = builder.target;
        this.discovery = builder.discovery;
        this.resolver = builder.resolver;
        this.timeout = builder.timeout;
        this.switches = builder.switches;
        this.reader = new StatsReader(builder.tls, switches.settings(), switches.items());
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(builder.maxConcurrentTargets, builder.maxConcurrentTargets, 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "memcached-scrape-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects with the configured timeout. */
    @Override
    public MetricSnapshots collect() {
        return collect(timeout);
    }

    /** Collects the configured target (or every discovered instance, labelled) within {@code budget}. */
    public MetricSnapshots collect(Duration budget) {
        return sample(budget).toSnapshots();
    }

    /** Collects one target (the /scrape endpoint); the caller has checked it is allowed. */
    public MetricSnapshots collectTarget(MemcachedAddress address, Duration budget) {
        return sampleTarget(address, budget).toSnapshots();
    }

    /** As {@link #collect(Duration)}, before conversion: the standalone exporter adds its build info. */
    Samples sample(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        Samples samples = new Samples();
        if (discovery == null) {
            scrapeAll(List.of(target), false, deadline, samples);
        } else {
            List<MemcachedAddress> instances = discover(deadline);
            if (instances != null) {
                samples.add(Family.DISCOVERY_TARGETS, Labels.EMPTY, instances.size());
                scrapeAll(instances, true, deadline, samples);
            }
            samples.add(Family.DISCOVERY_ERRORS, Labels.EMPTY, discoveryErrors.get());
        }
        return samples;
    }

    private Samples sampleTarget(MemcachedAddress address, Duration budget) {
        Samples samples = new Samples();
        scrapeAll(List.of(address), false, System.nanoTime() + budget.toNanos(), samples);
        return samples;
    }

    /** The configured target, or null in discovery mode. */
    public MemcachedAddress target() {
        return target;
    }

    /** The discovery, or null. */
    public Discovery discovery() {
        return discovery;
    }

    /**
     * The instances discovery finds now, or null if the lookup failed or did not finish by the deadline
     * (counted in {@code memcached_exporter_discovery_errors_total}).
     */
    public List<MemcachedAddress> discover(long deadlineNanos) {
        Future<List<MemcachedAddress>> lookup = pool.submit(() -> discovery.resolve(resolver));
        try {
            return lookup.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            lookup.cancel(true);
            discoveryErrors.incrementAndGet();
            LOG.log(Level.WARNING, "discovery " + discovery + " failed: " + describe(e));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void scrapeAll(List<MemcachedAddress> addresses, boolean labelled, long deadline, Samples samples) {
        long start = System.nanoTime();
        if (addresses.size() == 1 && addresses.get(0).connectsWithoutLookup()) {
            // one server and no name lookup: fetch on the caller's thread (no hand-off); connect and every read
            // are bounded by the time left, so the deadline holds without a pool future
            MemcachedAddress address = addresses.get(0);
            record(address, fetch(address, deadline), labelled ? Labels.of(INSTANCE_LABEL, address.toString())
                    : Labels.EMPTY, samples);
            return;
        }
        List<Future<Result>> futures = new ArrayList<>(addresses.size());
        for (MemcachedAddress address : addresses) {
            futures.add(pool.submit(() -> fetch(address, deadline)));
        }
        for (int i = 0; i < addresses.size(); i++) {
            MemcachedAddress address = addresses.get(i);
            Labels base = labelled ? Labels.of(INSTANCE_LABEL, address.toString()) : Labels.EMPTY;
            Result result;
            try {
                result = futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                futures.get(i).cancel(true);
                result = Result.down(address, e instanceof TimeoutException
                        ? "no answer within the deadline" : describe(e), start);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                return;
            }
            record(address, result, base, samples);
        }
    }

    private void record(MemcachedAddress address, Result result, Labels base, Samples samples) {
        int errors = 0;
        if (result.stats != null) {
            errors = result.stats.parseErrors() + samples.addStats(result.stats, switches, base);
        } else {
            LOG.log(Level.FINE, () -> "memcached " + address + " is down: " + result.error);
        }
        if (errors > 0) {
            LOG.log(Level.FINE, "memcached " + address + ": " + errors + " stats lines or values not parsed");
        }
        samples.add(Family.UP, base, result.stats != null ? 1 : 0);
        samples.add(Family.PARSE_ERRORS, base, count(parseErrors, address, errors));
        samples.add(Family.SCRAPE_ERRORS, base, count(scrapeErrors, address, result.stats != null ? 0 : 1));
        samples.add(Family.SCRAPE_DURATION, base, result.seconds);
    }

    /** Adds {@code delta} to the instance's running total and returns it; past the tracking bound, just delta. */
    private static long count(Map<String, AtomicLong> totals, MemcachedAddress address, int delta) {
        AtomicLong total = totals.get(address.toString());
        if (total == null && totals.size() < MAX_TRACKED_TARGETS) {
            total = totals.computeIfAbsent(address.toString(), k -> new AtomicLong());
        }
        return total == null ? delta : total.addAndGet(delta);
    }

    private Result fetch(MemcachedAddress address, long deadline) {
        long start = System.nanoTime();
        try {
            MemcachedStats stats = reader.read(address, deadline);
            return new Result(stats, null, (System.nanoTime() - start) / 1e9);
        } catch (IOException | RuntimeException e) {
            return Result.down(address, describe(e), start);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    private static final class Result {
        final MemcachedStats stats;
        final String error;
        final double seconds;

        Result(MemcachedStats stats, String error, double seconds) {
            this.stats = stats;
            this.error = error;
            this.seconds = seconds;
        }

        static Result down(MemcachedAddress address, String error, long startNanos) {
            return new Result(null, address + ": " + error, (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** Stops the pool threads (daemons) and closes the kept memcached connections, for applications that unload
     *  us. */
    @Override
    public void close() {
        pool.shutdownNow();
        reader.close();
    }

    public static final class Builder {
        private MemcachedAddress target = MemcachedAddress.parse("localhost:11211");
        private Discovery discovery;
        private TargetResolver resolver = TargetResolver.SYSTEM;
        private Duration timeout = Duration.ofSeconds(1);
        private CollectorSwitches switches = CollectorSwitches.ALL;
        private TlsSettings tls = TlsSettings.DISABLED;
        private int maxConcurrentTargets = 16;

        private Builder() {
        }

        /** The server to scrape ({@code host:port} or a unix socket path); default localhost:11211. */
        public Builder target(String address) {
            this.target = MemcachedAddress.parse(address);
            return this;
        }

        public Builder target(MemcachedAddress address) {
            this.target = Objects.requireNonNull(address);
            return this;
        }

        /** Scrape every instance the discovery finds instead of one target, labelled {@value #INSTANCE_LABEL}. */
        public Builder discovery(Discovery discovery) {
            this.discovery = discovery;
            return this;
        }

        public Builder resolver(TargetResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver);
            return this;
        }

        /** The longest a scrape may take when Prometheus does not say; default 1 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder switches(CollectorSwitches switches) {
            this.switches = Objects.requireNonNull(switches);
            return this;
        }

        public Builder tls(TlsSettings tls) {
            this.tls = Objects.requireNonNull(tls);
            return this;
        }

        /** How many servers may be queried at once (pool threads); default 16. */
        public Builder maxConcurrentTargets(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrentTargets must be >= 1: " + max);
            }
            this.maxConcurrentTargets = max;
            return this;
        }

        public MemcachedCollector build() {
            return new MemcachedCollector(this);
        }
    }
}
