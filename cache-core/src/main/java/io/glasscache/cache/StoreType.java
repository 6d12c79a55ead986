package io.glasscache.cache;

/** Where a {@link FailoverCache} keeps its values. */
public enum StoreType {
    /**
     * Off-heap (OHC) when the JVM allows it; otherwise, e.g. when {@code sun.misc.Unsafe} memory access is denied
     * ({@code --sun-misc-unsafe-memory-access=deny}), the heap store, with one WARN log saying so.
     */
    AUTO,
    /** Off-heap through OHC; building the cache fails if the JVM denies it. */
    OFF_HEAP,
    /** On the Java heap, bounded by the same capacity; works on every JVM. */
    HEAP
}
