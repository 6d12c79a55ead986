package io.glasscache.reliability;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The suite's two sizes, from {@code -Dreliability.mode}: {@code short} in the default build (counts only, about two
 * minutes: one load run at a lower rate with every fault in turn, a few thousand fuzzed requests per listener) and
 * {@code full} with {@code -Pfaults} (one run per fault at 500 requests/s with the figures and charts, 10,000 fuzzed
 * requests per listener). {@code -Dreliability.scenarios=a,b} runs only those faults.
 */
enum Mode {
    SHORT(200, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3), 2_000, 24, 200,
            Duration.ofSeconds(6)),
    FULL(500, Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(30), 10_000, 40, 400,
            Duration.ofSeconds(30));

    /** Requests per second of the fault runs' open-loop load. */
    final int rate;
    /** Load before each fault (the baseline), and after each recovery. */
    final Duration calm;
    /** How long a process stays frozen, or a CPU hog runs. */
    final Duration freeze;
    /** How long the feature store fails or is slow. */
    final Duration storeFault;
    /** Fuzzed requests per listener. */
    final int fuzzRequests;
    final int slowClients;
    final int idleConnections;
    /** How long the slow clients and the idle connections are held. */
    final Duration hold;

    Mode(int rate, Duration calm, Duration freeze, Duration storeFault, int fuzzRequests, int slowClients,
            int idleConnections, Duration hold) {
        this.rate = rate;
        this.calm = calm;
        this.freeze = freeze;
        this.storeFault = storeFault;
        this.fuzzRequests = fuzzRequests;
        this.slowClients = slowClients;
        this.idleConnections = idleConnections;
        this.hold = hold;
    }

    static Mode current() {
        return "full".equals(System.getProperty("reliability.mode", "short")) ? FULL : SHORT;
    }

    /** Whether {@code scenario} is selected ({@code -Dreliability.scenarios}, default all). */
    static boolean selected(String scenario) {
        String list = System.getProperty("reliability.scenarios", "").trim();
        return list.isEmpty() || Arrays.asList(list.split("\\s*,\\s*")).contains(scenario);
    }

    static List<String> selection() {
        String list = System.getProperty("reliability.scenarios", "").trim();
        return list.isEmpty() ? List.of() : Arrays.asList(list.split("\\s*,\\s*"));
    }
}
