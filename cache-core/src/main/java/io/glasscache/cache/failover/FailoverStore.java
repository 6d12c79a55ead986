package io.glasscache.cache.failover;

/**
 * Byte storage behind a {@link FailoverCache}, so that OHC (unmaintained, built on {@code sun.misc.Unsafe}) can be
 * replaced. Implementations are thread-safe, bounded by a byte capacity and never throw for a full store or an
 * oversize entry: they say so in the {@link PutResult}.
 */
interface FailoverStore extends AutoCloseable {

    /** Outcome of a put. */
    enum PutResult { STORED, TOO_LARGE, FULL }

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    PutResult put(byte[] key, byte[] value);

    /** The value under {@code key}, or {@code null}. */
    byte[] get(byte[] key);

    /** Removes {@code key} if present. */
    void remove(byte[] key);

    /** Entries held. */
    long size();

    /** Bytes in use, including the store's per-entry overhead. */
    long usedBytes();

    /** Capacity in bytes. */
    long capacityBytes();

    /** {@link StoreType#OFF_HEAP} or {@link StoreType#HEAP}. */
    StoreType type();

    @Override
    void close();
}
