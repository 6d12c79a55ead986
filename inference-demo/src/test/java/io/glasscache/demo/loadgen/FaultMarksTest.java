package io.glasscache.demo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FaultMarksTest {

    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(2);

    @Test
    void aSecondCountsForEveryWindowItOverlaps() {
        FaultMarks marks = new FaultMarks(HIGHEST);
        assertThat(marks.start("frozen", 2.4)).isTrue();
        for (int second = 1; second <= 6; second++) {
            if (second == 5) {
                assertThat(marks.end("frozen", 4.2)).isTrue();
            }
            // second s: s milliseconds of latency, 10 answers of which s are failover
            marks.second(second, latencies(second, 10), counts(10 - second, second));
        }
        List<LoadReport.Mark> report = marks.report(6.0);

        assertThat(report).hasSize(1);
        LoadReport.Mark frozen = report.get(0);
        // (2.4, 4.2) overlaps the seconds (2,3], (3,4] and (4,5]
        assertThat(frozen.count()).isEqualTo(30);
        assertThat(frozen.failover()).isEqualTo(3 + 4 + 5);
        assertThat(frozen.model()).isEqualTo(7 + 6 + 5);
        assertThat(frozen.max()).isEqualTo(5.0);
        assertThat(frozen.p99()).isEqualTo(5.0);
        assertThat(frozen.p50()).isEqualTo(4.0);
        assertThat(frozen.start()).isEqualTo(2.4);
        assertThat(frozen.end()).isEqualTo(4.2);
    }

    @Test
    void anOpenWindowClosesWithTheRunAndLabelsAreCheckedAndUsedOnce() {
        FaultMarks marks = new FaultMarks(HIGHEST);
        assertThat(marks.start("a b", 1)).isFalse();
        assertThat(marks.start("../x", 1)).isFalse();
        assertThat(marks.end("never-started", 1)).isFalse();
        assertThat(marks.start("hog", -3)).as("read during the warm-up: opens at 0").isTrue();
        assertThat(marks.start("hog", 2)).isFalse();
        marks.second(1, latencies(1, 4), counts(4, 0));
        marks.second(2, latencies(1, 4), counts(4, 0));

        LoadReport.Mark hog = marks.report(2.5).get(0);
        assertThat(hog.start()).isZero();
        assertThat(hog.end()).isEqualTo(2.5);
        assertThat(hog.count()).isEqualTo(8);
        assertThat(marks.end("hog", 3)).isTrue();
        assertThat(marks.end("hog", 4)).as("closed already").isFalse();
    }

    /** The protocol end to end: a run against a local server, marked and stopped early through its input. */
    @Test
    @Timeout(60)
    void aRunIsMarkedAndStoppedThroughItsInput() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"items\":[{\"itemId\":1,\"score\":0.5}],\"source\":\""
                    + (served.incrementAndGet() % 2 == 0 ? "model" : "failover") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(output, true, StandardCharsets.UTF_8); // both sides synchronized
        PipedOutputStream input = new PipedOutputStream();
        try {
            LoadOptions options = LoadOptions.parse("--rate", "50", "--duration", "30s", "--warmup", "0s",
                    "--target", "http://127.0.0.1:" + server.getAddress().getPort(), "--label", "marked",
                    "--marks-from-stdin");
            LoadGenerator generator = new LoadGenerator(options, console);
            generator.readMarks(new PipedInputStream(input));
            CompletableFuture<LoadReport> run = CompletableFuture.supplyAsync(generator::run);

            awaitOutput(output, "[  1s]");
            send(input, "start store-failing\nbogus line\n");
            awaitOutput(output, "[  3s]");
            send(input, "end store-failing\nstop\n");
            LoadReport report = run.get(30, TimeUnit.SECONDS);

            assertThat(report.seconds()).as("stopped early").isLessThan(30);
            assertThat(report.errors()).isZero();
            assertThat(report.lost()).isZero();
            assertThat(report.marks()).hasSize(1);
            LoadReport.Mark mark = report.marks().get(0);
            assertThat(mark.label()).isEqualTo("store-failing");
            assertThat(mark.end()).isGreaterThan(mark.start());
            assertThat(mark.count()).isPositive().isLessThan(report.completed());
            assertThat(mark.model() + mark.failover()).isEqualTo(mark.count());
            assertThat(output.toString(StandardCharsets.UTF_8)).contains("marked 'start store-failing'",
                    "ignored 'bogus line'", "marked 'stop'", "mark store-failing [");
        } finally {
            input.close();
            server.stop(0);
        }
    }

    private static void awaitOutput(ByteArrayOutputStream output, String text) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> output.toString(StandardCharsets.UTF_8).contains(text));
    }

    private static void send(PipedOutputStream input, String lines) throws IOException {
        input.write(lines.getBytes(StandardCharsets.UTF_8));
        input.flush();
    }

    private static Histogram latencies(int millis, int count) {
        Histogram h = new Histogram(HIGHEST, 3);
        h.recordValueWithCount(TimeUnit.MILLISECONDS.toNanos(millis), count);
        return h;
    }

    private static long[] counts(long model, long failover) {
        long[] counts = new long[FaultMarks.Counts.SIZE];
        counts[FaultMarks.Counts.MODEL] = model;
        counts[FaultMarks.Counts.FAILOVER] = failover;
        return counts;
    }
}
