package io.glasscache.cache.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link FailoverStore}s: off-heap (OHC), on the heap, or off-heap with a fallback to the heap where OHC cannot
 * run (a JVM that denies {@code sun.misc.Unsafe} memory access).
 */
public final class Stores {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final byte[] PROBE_KEY = "glasscache-probe".getBytes(StandardCharsets.US_ASCII);

    private Stores() {
    }

    /** A heap store of {@code capacity} bytes. */
    public static FailoverStore heap(long capacity, long maxEntryBytes) {
        return new HeapStore(capacity, maxEntryBytes);
    }

    /** An off-heap store, or an {@link IllegalStateException} saying why OHC cannot run in this JVM. */
    public static FailoverStore offHeap(String cache, long capacity, int segmentCount, long maxEntryBytes) {
        try {
            return probedOhc(capacity, segmentCount, maxEntryBytes);
        } catch (Throwable t) {
            throw new IllegalStateException("failover cache " + cache + ": off-heap store (OHC) is not "
                    + "available in this JVM (" + describe(t) + "); use store AUTO or HEAP", t);
        }
    }

    /** An off-heap store, or a heap store of the same capacity (with one warning per JVM) where OHC cannot run. */
    public static FailoverStore offHeapOrHeap(String cache, long capacity, int segmentCount, long maxEntryBytes) {
        try {
            return probedOhc(capacity, segmentCount, maxEntryBytes);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) {
                throw (VirtualMachineError) t;
            }
            if (WARNED.compareAndSet(false, true)) {
                log.warn("Failover cache {}: the off-heap store (OHC) cannot run in this JVM ({}): "
                        + "sun.misc.Unsafe memory access is probably denied "
                        + "(--sun-misc-unsafe-memory-access=deny). Falling back to the heap store, "
                        + "bounded by the same capacity ({} bytes); set glasscache.failover.store=heap to "
                        + "silence this.", cache, describe(t), capacity);
            } else {
                log.info("Failover cache {}: using the heap store (off-heap unavailable: {})", cache, describe(t));
            }
            return new HeapStore(capacity, maxEntryBytes);
        }
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String describe(Throwable t) {
        return t.getCause() == null ? t.toString() : t + " caused by " + t.getCause();
    }

    /** Builds an OHC store and exercises it once: a JVM that denies Unsafe may only fail at first use. */
    private static FailoverStore probedOhc(long capacity, int segmentCount, long maxEntryBytes) {
        OhcStore store = new OhcStore(capacity, segmentCount, maxEntryBytes);
        try {
            byte[] value = {1, 2, 3};
            if (store.put(PROBE_KEY, value) != FailoverStore.PutResult.STORED
                    || !Arrays.equals(value, store.get(PROBE_KEY))
                    || !Arrays.equals(value, store.read(PROBE_KEY, Stores::copy))) {
                throw new IllegalStateException("off-heap store failed its probe");
            }
            store.remove(PROBE_KEY);
            return store;
        } catch (Throwable t) {
            try {
                store.close();
            } catch (Throwable suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        }
    }
}
