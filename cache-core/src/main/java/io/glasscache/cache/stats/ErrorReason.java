package io.glasscache.cache.stats;

/** Why an operation went wrong; its {@link #tag()} is the {@code reason} label value. */
public enum ErrorReason {
    /** Bytes read from L2 could not be decoded (corrupt, foreign, unregistered class): treated as a miss. */
    DESERIALIZATION_ERROR("deserialization_error"),
    /** A value could not be encoded: it stays in L1 only. */
    SERIALIZATION_ERROR("serialization_error"),
    /** An L2 operation did not answer within its timeout. */
    L2_TIMEOUT("l2_timeout"),
    /** An L2 operation failed (connection down, cancelled, queue full). */
    L2_ERROR("l2_error"),
    /** L2 was skipped because its circuit breaker is open. */
    L2_CIRCUIT_OPEN("l2_circuit_open"),
    /** The source (loader) failed. */
    LOAD_FAILURE("load_failure"),
    /** The source (loader) did not answer within the load timeout. */
    LOAD_TIMEOUT("load_timeout");

    private final String tag;

    ErrorReason(String tag) {
        this.tag = tag;
    }

    /** The metric label value. */
    public String tag() {
        return tag;
    }
}
