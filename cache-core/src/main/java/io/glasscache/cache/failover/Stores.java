package io.glasscache.cache.failover;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the {@link FailoverStore} a {@link StoreType} asks for, falling back from off-heap to heap under AUTO. */
final class Stores {

    private static final Logger log = LoggerFactory.getLogger(Stores.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final byte[] PROBE_KEY = "glasscache-probe".getBytes(StandardCharsets.US_ASCII);

    private Stores() {
    }

    static FailoverStore open(String cache, StoreType type, long capacity, int segmentCount, long maxEntryBytes) {
        return switch (type) {
            case HEAP -> new HeapStore(capacity, maxEntryBytes);
            case OFF_HEAP -> {
                try {
                    yield probedOhc(capacity, segmentCount, maxEntryBytes);
                } catch (Throwable t) {
                    throw new IllegalStateException("failover cache " + cache + ": off-heap store (OHC) is not "
                            + "available in this JVM (" + describe(t) + "); use store AUTO or HEAP", t);
                }
            }
            case AUTO -> {
                try {
                    yield probedOhc(capacity, segmentCount, maxEntryBytes);
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
                    yield new HeapStore(capacity, maxEntryBytes);
                }
            }
        };
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
