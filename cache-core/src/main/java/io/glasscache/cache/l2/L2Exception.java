package io.glasscache.cache.l2;

/** An L2 operation did not succeed; {@link #kind()} says why. Carries no key. */
public final class L2Exception extends RuntimeException {

    /** Why an L2 operation failed. */
    public enum Kind {
        /** No answer within the operation timeout. */
        TIMEOUT,
        /** The operation failed (connection down, cancelled, queue full, server error). */
        ERROR,
        /** Not attempted: the circuit breaker is open. */
        CIRCUIT_OPEN
    }

    private final Kind kind;

    L2Exception(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    /** Why the operation failed. */
    public Kind kind() {
        return kind;
    }
}
