package io.glasscache.cache.store;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Byte storage behind a {@link FailoverCache}, so that OHC (unmaintained, built on {@code sun.misc.Unsafe}) can be
 * replaced. Implementations are thread-safe, bounded by a byte capacity and never throw for a full store or an
 * oversize entry: they say so in the {@link PutResult}.
 */
public interface FailoverStore extends AutoCloseable {

    /** Outcome of a put. */
    enum PutResult { STORED, TOO_LARGE, FULL }

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    PutResult put(byte[] key, byte[] value);

    /** The value under {@code key}, or {@code null}. */
    byte[] get(byte[] key);

    /**
     * Applies {@code reader} to the value under {@code key} without copying it where the store allows (off-heap: a
     * read-only view of the entry's memory, held against concurrent removal until {@code reader} returns), or
     * returns {@code null} if there is none. The buffer holds exactly the value, from its position to its limit,
     * and is valid only during the call: {@code reader} must not keep it. Exceptions from {@code reader} propagate.
     */
    <T> T read(byte[] key, Function<ByteBuffer, T> reader);

    /** Removes {@code key} if present. */
    void remove(byte[] key);

    /** Entries held. */
    long size();

    /** Bytes in use, including the store's per-entry overhead. */
    long usedBytes();

    /** Capacity in bytes. */
    long capacityBytes();

    /** Whether values live off the Java heap (OHC), else on it. */
    boolean offHeap();

    @Override
    void close();
}
