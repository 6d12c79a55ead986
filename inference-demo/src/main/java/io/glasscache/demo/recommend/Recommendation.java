package io.glasscache.demo.recommend;

import java.util.List;

/**
 * The answer to one recommendation request.
 *
 * @param userId    the requesting user
 * @param scene     the scene as requested
 * @param page      the requested page
 * @param items     the screen's items, best first (empty when exhausted, or when failover had nothing)
 * @param source    where the items came from
 * @param exhausted true if the page is past the end of the scene's content
 * @param tookMs    server-side time, in milliseconds
 */
public record Recommendation(String userId, String scene, int page, List<ScoredItem> items, Source source,
        boolean exhausted, long tookMs) {

    /** Where a response's items came from. Rendered in lower case in JSON. */
    public enum Source {
        /** Computed now by the model from (cached) features. */
        MODEL,
        /** A last-good screen of the scene, because the model path failed or ran out of budget. */
        FAILOVER;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
