package io.glasscache.demo.loadgen;

import java.util.List;

/**
 * What a load run measured. Latencies are in milliseconds, measured from each request's intended send time (so a
 * stalled server or client is charged for the requests it held up: no coordinated omission).
 *
 * @param label       the run's name
 * @param target      the base URL
 * @param rate        the offered rate, requests per second
 * @param seconds     how long requests were sent
 * @param sent        requests sent (or attempted)
 * @param completed   responses received (any status) plus requests that failed
 * @param errors      non-200 responses, timeouts and connection failures
 * @param lost        of which requests that got no HTTP answer at all: timeouts, connection failures, requests the
 *                    client could not send (too many in flight) and requests still unanswered when the run ended
 * @param model       200 responses computed by the model within the budget ({@code source: model})
 * @param modelLate   200 responses computed by the model after the budget ({@code model-late})
 * @param failover    200 responses with a last-good screen of the exact scene ({@code failover})
 * @param failoverParent 200 responses with a last-good screen of the scene's group ({@code failover-parent})
 * @param empty       200 responses with nothing to show ({@code source: empty}, with a reason)
 * @param exhausted   200 responses for a page past the end
 * @param achievedRps completed / seconds
 * @param p50         latency percentiles and maximum, ms
 * @param modelP99    P99 of the model's answers alone, ms (0 when there were none)
 * @param failoverP99 P99 of the failover answers (exact and parent) alone, ms (0 when there were none): most are
 *                    requests that ran out of the app's budget, so this shows what is left of the SLO after it
 * @param lateP99     P99 of the late model answers alone, ms (0 when there were none)
 * @param hostStealPercent    percent of the machine's CPU time the hypervisor gave to other guests during the run
 *                            ({@code /proc/stat}); null where that cannot be read. On a shared VM it, not the app,
 *                            often decides whether a P99 holds, so read every run's latencies with it
 * @param hostStealMaxPercent the most of any one second, or null
 * @param timeline    one entry per second of the run (by completion time)
 * @param marks       windows marked during the run ({@code --marks-from-stdin}), e.g. a fault's; empty without
 */
public record LoadReport(String label, String target, int rate, double seconds, long sent, long completed,
        long errors, long lost, long model, long modelLate, long failover, long failoverParent, long empty,
        long exhausted, double achievedRps, double p50, double p90, double p99, double p999, double max, double mean,
        double modelP99, double failoverP99, double lateP99,
        Double hostStealPercent, Double hostStealMaxPercent, List<Second> timeline, List<Mark> marks) {

    public LoadReport {
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        marks = marks == null ? List.of() : List.copyOf(marks); // reports written before marks existed
    }

    /** The error rate, errors / completed. */
    @com.fasterxml.jackson.annotation.JsonProperty("errorRate")
    public double errorRate() {
        return completed == 0 ? 0 : (double) errors / completed;
    }

    /**
     * One second of a run.
     *
     * @param second   seconds since the start (1 = the first second)
     * @param count    requests completed in this second
     * @param errors   of which errors
     * @param failover of which failover responses
     * @param empty    of which empty responses
     * @param p50      latency percentiles and maximum of this second, ms
     * @param hostStealPercent percent of the machine's CPU time stolen in this second, or null (unknown)
     */
    public record Second(int second, long count, long errors, long failover, long empty, double p50, double p99,
            double max, Double hostStealPercent) {
    }

    /**
     * A window marked during the run, with what completed in the seconds that overlap it.
     *
     * @param label  the name given to {@code start}/{@code end}
     * @param start  seconds since the measured start when it opened
     * @param end    when it closed (or the run ended)
     * @param count  responses and failures completed in the overlapping seconds, and the same split as the run's
     * @param p50    latency percentiles and maximum of those seconds merged (HdrHistogram), ms
     */
    public record Mark(String label, double start, double end, long count, long errors, long lost, long model,
            long modelLate, long failover, long failoverParent, long empty, long exhausted, double p50, double p99,
            double max) {
    }
}
