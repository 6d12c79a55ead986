package io.glasscache.demo.recommend;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.EmptyReason;

/**
 * The answer to one recommendation request.
 *
 * @param userId    the requesting user
 * @param scene     the scene as requested
 * @param page      the requested page
 * @param items     the screen's items, best first (empty when exhausted, or for an {@code empty} answer)
 * @param source    which rung of the degradation ladder answered
 * @param reason    why the answer is empty ({@code error}, {@code deadline}, {@code unusable}); absent otherwise
 * @param exhausted true if the page is past the end of the scene's content
 * @param tookMs    server-side time, in milliseconds
 */
public record Recommendation(String userId, String scene, int page, List<ScoredItem> items, Source source,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reason, boolean exhausted, long tookMs) {

    /** Where a response's items came from: the rungs of the ladder, rendered in lower case with dashes. */
    public enum Source {
        /** Computed now by the model, within the request budget. */
        MODEL,
        /** A last-good screen of the exact scene (or destination), because the model path failed or ran late. */
        FAILOVER,
        /** A last-good screen of the scene's group (any destination), because the exact one had none. */
        FAILOVER_PARENT,
        /** Computed by the model after the budget, before the hard deadline, because no last-good screen was held. */
        MODEL_LATE,
        /** Nothing could be served; {@code reason} says why. */
        EMPTY;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Source of(AnswerRung rung) {
            return switch (rung) {
                case PRIMARY -> MODEL;
                case FAILOVER -> FAILOVER;
                case FAILOVER_PARENT -> FAILOVER_PARENT;
                case PRIMARY_LATE -> MODEL_LATE;
                case EMPTY -> EMPTY;
            };
        }
    }

    /** The JSON {@code reason} of an empty answer. */
    static String reason(EmptyReason reason) {
        return reason == null ? null : reason.tag();
    }
}
