package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One fault at a time against the local stack under an open-loop load of Zipf users: memcached killed, frozen, one
 * ring node lost; the feature store failing and slow; a node frozen under the exporter; the snapshot directory
 * full and read-only; the CPU taken by a hog; the demo killed in the middle of a snapshot. Each fault is proven in
 * effect before it counts, then cleared and awaited until the component is healthy again.
 *
 * <p>Asserted, in both sizes: no request lost (but while the only demo process is down or starting again: those are
 * counted and reported), no empty answer at all, no HTTP error, every recovery seen. Never a latency: the P99s
 * and recovery times are recorded in target/reliability/faults.md and, from the full run ({@code -Pfaults}),
 * published in docs/reliability.md.
 */
@ExtendWith(StackExtension.class)
@Order(30)
class FaultSuiteIT {

    @Test
    @Timeout(value = 75, unit = TimeUnit.MINUTES)
    void everyFaultDegradesServiceAndRecoversWithoutLosingAnAnswer(Stack stack, SnapshotDisk disk) {
        Mode mode = Mode.current();
        Demo demo = new Demo(stack);
        List<Fault> faults = new ArrayList<>(Faults.onTheStack(stack, disk, mode));
        DemoCrash crash = new DemoCrash(stack, demo);
        faults.add(crash);
        faults.removeIf(f -> !Mode.selected(f.name));
        assertThat(faults).as("-Dreliability.scenarios=" + Mode.selection() + " names no fault").isNotEmpty();

        FaultTables tables = new FaultTables(mode);
        List<Window> windows = new ArrayList<>();
        List<LoadRun.Report> reports = new ArrayList<>();
        try {
            if (mode == Mode.SHORT) {
                // one run, every fault in turn
                try (LoadRun run = LoadRun.start(stack, "fault-suite-short", mode.rate, Duration.ofMinutes(20))) {
                    Faults.hold(mode.calm);
                    for (Fault fault : faults) {
                        Window window = Window.of(run, demo, fault);
                        windows.add(window);
                        if (!window.ok()) {
                            break;
                        }
                        afterRecovery(fault, crash, run, mode);
                        Faults.hold(mode.calm);
                    }
                    LoadRun.Report report = run.finish();
                    reports.add(report);
                    windows.forEach(w -> tables.add(w, report, rerun(w.fault())));
                }
            } else {
                for (Fault fault : faults) {
                    try (LoadRun run = LoadRun.start(stack, "fault-" + fault.name, mode.rate,
                            Duration.ofMinutes(20))) {
                        run.startMark("baseline");
                        Faults.hold(mode.calm);
                        run.endMark("baseline");
                        Window window = Window.of(run, demo, fault);
                        windows.add(window);
                        if (window.ok()) {
                            afterRecovery(fault, crash, run, mode);
                            Faults.hold(mode.calm.multipliedBy(2));
                        }
                        LoadRun.Report report = run.finish();
                        reports.add(report);
                        tables.add(window, report, rerun(fault));
                        if (!window.ok()) {
                            break;
                        }
                    }
                }
            }
        } finally {
            System.out.println("fault suite: " + tables.write());
        }

        SoftAssertions soft = new SoftAssertions();
        for (Window w : windows) {
            soft.assertThat(w.failure()).as(w.fault().name + ": proven in effect, cleared and recovered").isNull();
        }
        for (LoadRun.Report report : reports) {
            String label = report.json().path("label").asText();
            long lostWhileDown = whileTheDemoWasDown(faults, report, "lost");
            soft.assertThat(report.count("lost")).as(label + ": requests lost but while the demo was down")
                    .isEqualTo(lostWhileDown);
            soft.assertThat(report.httpErrors()).as(label + ": HTTP errors (non-200)").isZero();
            soft.assertThat(report.count("empty")).as(label + ": empty answers (the restarted demo's included)")
                    .isZero();
            soft.assertThat(report.count("model")).as(label + ": model answers").isPositive();
        }
        soft.assertAll();
    }

    /** The count {@code field} within the windows in which the demo was down or not ready yet. */
    private static long whileTheDemoWasDown(List<Fault> faults, LoadRun.Report report, String field) {
        return faults.stream().filter(Fault::takesTheDemoDown).mapToLong(f -> report.mark(f.name).path(field)
                .asLong()).sum();
    }

    /** What is checked once a fault is over, under a window of its own on the chart. */
    private static void afterRecovery(Fault fault, DemoCrash crash, LoadRun run, Mode mode) {
        if (fault == crash) {
            run.startMark("served-from-snapshot");
            try {
                crash.servedScreensIntact(mode == Mode.FULL ? 400 : 60);
            } finally {
                run.endMark("served-from-snapshot");
            }
        }
    }

    private static String rerun(Fault fault) {
        return "./mvnw -pl reliability verify -Pfaults -Dit.test=FaultSuiteIT -Dreliability.scenarios="
                + fault.name;
    }
}
