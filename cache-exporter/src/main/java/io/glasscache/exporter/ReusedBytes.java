package io.glasscache.exporter;

/**
 * A response body built in a byte array that is reused from one scrape to the next (the server pools them): what
 * {@link PrometheusText} writes into and {@link GzipBody} compresses into. Valid from 0 to {@link #size()}.
 *
 * <p>Not thread-safe: one instance per scrape in progress.
 */
abstract class ReusedBytes {

    /** A buffer that grew past this (a pathological server) is dropped after the response, not kept. */
    static final int MAX_KEPT_BYTES = 1 << 20;

    /** The size of the buffer that replaces a dropped one. */
    private final int shrinkTo;
    protected byte[] buf;
    protected int size;

    ReusedBytes(int initialCapacity, int shrinkTo) {
        this.buf = new byte[initialCapacity];
        this.shrinkTo = shrinkTo;
    }

    /** The buffer: valid from 0 to {@link #size()}. */
    final byte[] array() {
        return buf;
    }

    final int size() {
        return size;
    }

    /** Call once the response is sent: drops a buffer that one huge answer blew up. */
    final void release() {
        if (buf.length > MAX_KEPT_BYTES) {
            buf = new byte[shrinkTo];
        }
        size = 0;
    }

    /** Room for {@code more} bytes after {@link #size()}: at least doubles the buffer when it grows. */
    final void ensure(int more) {
        if (size + more > buf.length) {
            byte[] grown = new byte[Math.max(buf.length * 2, size + more)];
            System.arraycopy(buf, 0, grown, 0, size);
            buf = grown;
        }
    }
}
