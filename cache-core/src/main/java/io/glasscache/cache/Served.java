package io.glasscache.cache;

import java.util.Objects;

import io.glasscache.cache.stats.AnswerRung;
import io.glasscache.cache.stats.EmptyReason;

/**
 * What a {@link FailoverGuard} hands back for one request: the value to serve, the rung of the degradation ladder
 * that answered and, for an empty answer, why.
 *
 * @param value       the value to serve; {@code null} only for {@link AnswerRung#EMPTY} when the primary produced
 *                    nothing (an unusable primary result is handed back as it is)
 * @param rung        which rung answered
 * @param emptyReason why the answer is empty; {@code null} unless {@code rung} is {@link AnswerRung#EMPTY}
 * @param failure     the primary's failure (unwrapped from {@code CompletionException}), or {@code null}
 * @param <V>         the value type
 */
public record Served<V>(V value, AnswerRung rung, EmptyReason emptyReason, Throwable failure) {

    public Served {
        Objects.requireNonNull(rung, "rung");
        if (rung == AnswerRung.EMPTY) {
            Objects.requireNonNull(emptyReason, "emptyReason");
        } else {
            Objects.requireNonNull(value, "value");
            if (emptyReason != null) {
                throw new IllegalArgumentException("only an empty answer has an empty reason");
            }
        }
    }

    /** Whether the value came from the failover cache (the exact key or its parent). */
    public boolean fromFailover() {
        return rung == AnswerRung.FAILOVER || rung == AnswerRung.FAILOVER_PARENT;
    }
}
