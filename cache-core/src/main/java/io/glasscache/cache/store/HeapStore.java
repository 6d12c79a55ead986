package io.glasscache.cache.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A {@link FailoverStore} on the Java heap, with the same byte accounting and limits as the off-heap one. */
final class HeapStore implements FailoverStore {

    /** Rough per-entry cost of the map node, key wrapper and arrays, so capacity means about the same as off-heap. */
    static final int ENTRY_OVERHEAD = 96;

    private final ConcurrentHashMap<Key, byte[]> map = new ConcurrentHashMap<>();
    private final long capacity;
    private final long maxEntryBytes;
    private long used; // guarded by this

    HeapStore(long capacity, long maxEntryBytes) {
        this.capacity = capacity;
        this.maxEntryBytes = maxEntryBytes;
    }

    @Override
    public PutResult put(byte[] key, byte[] value) {
        long cost = cost(key, value);
        if (key.length + value.length > maxEntryBytes) {
            return PutResult.TOO_LARGE;
        }
        Key k = new Key(key);
        synchronized (this) {
            byte[] old = map.get(k);
            long freed = old == null ? 0 : cost(key, old);
            if (used - freed + cost > capacity) {
                return PutResult.FULL;
            }
            map.put(k, value);
            used += cost - freed;
        }
        return PutResult.STORED;
    }

    @Override
    public byte[] get(byte[] key) {
        return map.get(new Key(key));
    }

    @Override
    public <T> T read(byte[] key, Function<ByteBuffer, T> reader) {
        byte[] value = map.get(new Key(key));
        return value == null ? null : reader.apply(ByteBuffer.wrap(value)); // values are never mutated: no copy
    }

    @Override
    public synchronized void remove(byte[] key) {
        byte[] old = map.remove(new Key(key));
        if (old != null) {
            used -= cost(key, old);
        }
    }

    @Override
    public long size() {
        return map.size();
    }

    @Override
    public synchronized long usedBytes() {
        return used;
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }

    @Override
    public boolean offHeap() {
        return false;
    }

    @Override
    public synchronized void close() {
        map.clear();
        used = 0;
    }

    private static long cost(byte[] key, byte[] value) {
        return (long) key.length + value.length + ENTRY_OVERHEAD;
    }

    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && other.hash == hash && Arrays.equals(other.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
