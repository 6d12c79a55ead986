package io.glasscache.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.glasscache.observability.rules.AlertingRule;
import io.glasscache.observability.rules.RecordingRule;
import io.glasscache.testing.ManagedProcess;
import io.glasscache.testing.MemcachedServer;
import io.glasscache.testing.PrometheusServer.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboards and rules on live data, and the diagnosis drills (docs/observability.md states what each must show
 * before they were written). One stack for every test: memcached, cache-exporter and inference-demo under a steady
 * warm load, and Prometheus with the generated rules (time scale 30).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveStackIT {

    private static final String USERS = MixinNames.USER_CACHE;
    /** Alerts that are about memcached's health, not its speed. */
    private static final List<String> MEMCACHED_HEALTH = List.of("MemcachedDown",
            "MemcachedConnectionLimitApproaching", "MemcachedOutOfMemoryErrors", "MemcachedMemoryNearLimit");
    /** A drill watches at least this long, past the longest shortened window + for of the alerts it forbids. */
    private static final Duration OBSERVE = Duration.ofSeconds(30);

    private LiveStack stack;
    private final long started = System.nanoTime();

    @BeforeAll
    void startStack() throws IOException {
        stack = new LiveStack();
        log("stack up");
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private void log(String what) {
        System.out.printf("[live %5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    @Test
    @Order(1)
    void everyPanelQueryReturnsData() {
        Map<String, String> queries = new LinkedHashMap<>();
        Dashboards.of(stack.mixin).forEach((file, dashboard) -> {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("__rate_interval", LiveStack.RATE_INTERVAL);
            for (JsonNode v : dashboard.path("templating").path("list")) {
                String value = v.path("current").path("value").asText("$__all");
                variables.put(v.path("name").asText(), value.equals("$__all") ? ".*" : value);
            }
            for (JsonNode panel : Dashboards.panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    queries.put(file + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
                            DashboardPromqlIT.substitute(target.path("expr").asText(), variables));
                }
            }
        });
        assertThat(queries).hasSizeGreaterThan(90);
        assertAllReturnData(queries);
        log(queries.size() + " panel queries returned data");
    }

    @Test
    @Order(2)
    void everyRecordingRuleAndEveryAlertProbeReturnsData() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (RecordingRule rule : stack.mixin.recordingRules().recordingRules()) {
            queries.put("recording rule " + rule.record(), rule.record());
        }
        for (AlertingRule alert : stack.mixin.alertingRules()) {
            for (int i = 0; i < alert.probes().size(); i++) {
                queries.put("alert " + alert.alert() + "/" + alert.severity() + " probe " + i, alert.probes().get(i));
            }
        }
        for (String query : queries.values()) {
            assertThat(query).doesNotContain("or vector(").doesNotContain("absent(");
        }
        assertAllReturnData(queries);
        log(queries.size() + " recording rules and alert probes returned data");
    }

    @Test
    @Order(3)
    void prometheusReportsEveryRuleHealthy() {
        int expected = stack.mixin.recordingRules().rules().size() + stack.mixin.alertRules().rules().size();
        List<String> unhealthy = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            unhealthy.clear();
            int count = 0;
            for (JsonNode group : stack.prometheus.getJson("/api/v1/rules").path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    count++;
                    if (!"ok".equals(rule.path("health").asText())) {
                        unhealthy.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                                + rule.path("lastError").asText());
                    }
                }
            }
            assertThat(count).isEqualTo(expected);
            assertThat(unhealthy).isEmpty();
        });
        log(expected + " rules healthy");
    }

    private void assertAllReturnData(Map<String, String> queries) {
        Map<String, String> empty = new LinkedHashMap<>(queries);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                empty.entrySet().removeIf(q -> !stack.prometheus.query(q.getValue()).isEmpty());
                return empty.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no data within 60 s for:\n  " + String.join("\n  ",
                    empty.entrySet().stream().map(q -> q.getKey() + ": " + q.getValue()).toList()), e);
        }
    }

    // ---- the drills ----

    @Test
    @Order(4)
    void drillAFloodOfNewUsersFiresTheMissAlertAndNothingAboutMemcached() {
        awaitSteady();
        long begin = System.nanoTime();
        try (ManagedProcess cold = stack.startLoad("cold-users", Duration.ofSeconds(90), "--cold-users")) {
            Set<String> fired = watch(begin, alerts -> firing(alerts, "HighCacheMissRate", "cache_name", USERS));
            log("drill 1 (cold users): fired " + fired);
            assertThat(fired).contains("HighCacheMissRate{cache_name=" + USERS + "}");
            assertThat(names(fired)).doesNotContain("HighMemcachedEvictions", "HighL2Latency", "CacheCircuitOpen")
                    .doesNotContainAnyElementsOf(MEMCACHED_HEALTH);
        }
    }

    @Test
    @Order(5)
    void drillAStallingMemcachedFiresTheL2AlertsAndNotEvictions() {
        awaitSteady();
        String server = stack.memcached.address();
        ScheduledExecutorService bursts = Executors.newSingleThreadScheduledExecutor();
        long begin = System.nanoTime();
        try {
            // Frozen 1.5 s out of every 3 s: SIGSTOP, then SIGCONT.
            bursts.scheduleAtFixedRate(() -> {
                if (stack.memcached.isFrozen()) {
                    stack.memcached.resume();
                } else {
                    stack.memcached.freeze();
                }
            }, 0, 1500, TimeUnit.MILLISECONDS);
            Set<String> fired = watch(begin, alerts -> firing(alerts, "HighL2Latency", "memcached_server", server)
                    || firing(alerts, "CacheCircuitOpen", "name", "memcached"));
            log("drill 2 (stalls): fired " + fired);
            assertThat(fired).containsAnyOf("HighL2Latency{memcached_server=" + server + "}",
                    "CacheCircuitOpen{name=memcached}");
            assertThat(names(fired)).doesNotContain("HighMemcachedEvictions", "MemcachedOutOfMemoryErrors",
                    "MemcachedMemoryNearLimit", "MemcachedDown");
        } finally {
            // No interrupt: a burst signalling memcached completes, then memcached is resumed whatever its state.
            bursts.shutdown();
            await().atMost(Duration.ofSeconds(10)).until(() -> bursts.awaitTermination(100, TimeUnit.MILLISECONDS));
            stack.memcached.resume();
        }
    }

    @Test
    @Order(6)
    void drillAMemcachedWithTooLittleMemoryFiresEvictionsAndNotDownOrCircuit() throws IOException {
        awaitSteady();
        long begin = System.nanoTime();
        try {
            holdMoreThanTheLimit(stack.memcached);
            log("memcached holds more than its new 8 MB limit");
            // The first drill's traffic again: every new user's features now evict an older item.
            try (ManagedProcess cold = stack.startLoad("cold-users-small-memory", Duration.ofSeconds(90),
                    "--cold-users")) {
                Set<String> fired = watch(begin, alerts -> firing(alerts, "HighMemcachedEvictions",
                        "memcached_server", stack.memcached.address()));
                log("drill 3 (too little memory): fired " + fired);
                assertThat(fired).contains("HighMemcachedEvictions{memcached_server=" + stack.memcached.address()
                        + "}");
                assertThat(names(fired)).doesNotContain("MemcachedDown", "CacheCircuitOpen");
            }
        } finally {
            stack.memcached.command("cache_memlimit " + io.glasscache.testing.MemcachedOptions.DEFAULTS.memoryMb());
        }
    }

    /**
     * Gives memcached less memory than it holds, without a restart: 12 MB of 4 KB items (a slab class the app's small
     * items do not use), then {@code cache_memlimit 8} (memcached's {@code -m} at runtime; 8 MB is its minimum), then
     * the free chunks of the small classes, where the app's items are, used up. No class can get a new page: the next
     * item stored in any of them evicts one.
     */
    private static void holdMoreThanTheLimit(MemcachedServer memcached) throws IOException {
        store(memcached, "ballast", 4096, 3000);
        assertThat(memcached.command("cache_memlimit 8")).startsWith("OK");
        for (int pass = 0; pass < 5; pass++) {
            Map<Integer, long[]> classes = slabClasses(memcached);
            boolean full = true;
            int previous = 0;
            for (Map.Entry<Integer, long[]> slab : classes.entrySet()) {
                long chunk = slab.getValue()[0];
                long free = slab.getValue()[1];
                if (chunk <= 2048 && free > 0) {
                    full = false;
                    // An item of total size between the previous class's chunk and this one's (48 bytes of header,
                    // the key, CRLFs) lands in this class.
                    int value = (int) Math.max(1, (previous + chunk) / 2 - 48 - 24);
                    store(memcached, "fill-" + slab.getKey() + "-" + pass, value, (int) Math.min(free + 16, 50_000));
                }
                previous = (int) chunk;
            }
            if (full) {
                return;
            }
        }
    }

    /** Slab class -> {chunk size, free chunks (reused and never used)}, from {@code stats slabs}. */
    private static Map<Integer, long[]> slabClasses(MemcachedServer memcached) {
        Map<Integer, long[]> classes = new java.util.TreeMap<>();
        for (String line : memcached.command("stats slabs").split("\r\n")) {
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[1].matches("\\d+:.*")) {
                continue;
            }
            int id = Integer.parseInt(parts[1].substring(0, parts[1].indexOf(':')));
            String stat = parts[1].substring(parts[1].indexOf(':') + 1);
            long[] values = classes.computeIfAbsent(id, k -> new long[2]);
            switch (stat) {
                case "chunk_size" -> values[0] = Long.parseLong(parts[2]);
                case "free_chunks", "free_chunks_end" -> values[1] += Long.parseLong(parts[2]);
                default -> { }
            }
        }
        return classes;
    }

    /** Pipelines {@code count} sets of {@code size}-byte values (noreply), then waits for memcached to answer. */
    private static void store(MemcachedServer memcached, String prefix, int size, int count) throws IOException {
        byte[] value = new byte[size];
        java.util.Arrays.fill(value, (byte) 'x');
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(memcached.socketAddress(), 1000);
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            for (int i = 0; i < count; i++) {
                out.write(("set " + prefix + "-" + i + " 0 0 " + size + " noreply\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(value);
                out.write('\r');
                out.write('\n');
            }
            out.write("version\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = new byte[64];
            int n = socket.getInputStream().read(answer); // VERSION: every set before it was processed
            assertThat(new String(answer, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.US_ASCII))
                    .startsWith("VERSION");
        }
    }

    /**
     * Before a drill: the steady warm load, no cache or memcached alert pending or firing and the user cache's miss
     * ratio under its threshold.
     */
    private void awaitSteady() {
        long begin = System.nanoTime();
        List<String> quiet = List.of("HighCacheMissRate", "HighL2Latency", "CacheCircuitOpen",
                "HighMemcachedEvictions", "MemcachedDown", "MemcachedOutOfMemoryErrors", "MemcachedMemoryNearLimit",
                "MemcachedConnectionLimitApproaching");
        String missRatio = "max(" + stack.mixin.recordingRules().recordingRules().stream()
                .map(RecordingRule::record).filter(r -> r.contains("get_misses_per_requests")).findFirst()
                .orElseThrow() + "{cache_name=\"" + USERS + "\"})";
        List<String> active = new ArrayList<>();
        LiveStack.awaitOrExplain(Duration.ofSeconds(120), () -> {
            active.clear();
            stack.alerts().stream().filter(a -> quiet.contains(a.name())).forEach(a -> active.add(a.key() + " "
                    + a.state()));
            List<Sample> ratio = stack.prometheus.query(missRatio);
            return active.isEmpty() && !ratio.isEmpty() && ratio.get(0).value() < 0.3;
        }, () -> "no steady state within 120 s; still active: " + active);
        log("steady after " + Math.round((System.nanoTime() - begin) / 1e9) + " s");
    }

    /**
     * Watches the alerts every 500 ms until {@code done} holds and at least {@link #OBSERVE} has passed since
     * {@code begin} (at most 90 s), and returns every alert seen firing meanwhile.
     */
    private Set<String> watch(long begin, Predicate<List<LiveStack.Alert>> done) {
        Set<String> fired = new LinkedHashSet<>();
        boolean[] reached = {false};
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<LiveStack.Alert> alerts = stack.alerts();
                alerts.stream().filter(a -> a.state().equals("firing")).forEach(a -> fired.add(a.key()));
                if (done.test(alerts) && !reached[0]) {
                    reached[0] = true;
                    log("  expected alert firing after " + Math.round((System.nanoTime() - begin) / 1e9) + " s");
                }
                return reached[0] && System.nanoTime() - begin >= OBSERVE.toNanos();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the expected alert did not fire within 90 s; fired: " + fired + "; now: "
                    + stack.alerts(), e);
        }
        return fired;
    }

    private static boolean firing(List<LiveStack.Alert> alerts, String name, String label, String value) {
        return alerts.stream().anyMatch(a -> a.name().equals(name) && a.state().equals("firing")
                && value.equals(a.labels().get(label)));
    }

    private static List<String> names(Set<String> keys) {
        return keys.stream().map(k -> k.substring(0, k.indexOf('{'))).toList();
    }

    /** Names from the default configuration used by the drills. */
    private static final class MixinNames {
        static final String USER_CACHE = io.glasscache.observability.mixin.MixinConfig.defaults().demo()
                .tieredCaches().get(0);
    }
}
