package io.glasscache.cache.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;

import io.glasscache.cache.codec.CodecException;
import org.caffinitas.ohc.CacheSerializer;
import org.caffinitas.ohc.DirectValueAccess;
import org.caffinitas.ohc.Eviction;
import org.caffinitas.ohc.OHCache;
import org.caffinitas.ohc.OHCacheBuilder;

/**
 * A {@link FailoverStore} in off-heap memory through OHC. Eviction is off: a full store refuses new entries (counted
 * by the cache) rather than silently dropping last-good values of other keys.
 */
final class OhcStore implements FailoverStore {

    private final OHCache<byte[], byte[]> ohc;
    private final long maxEntryBytes;

    OhcStore(long capacity, int segmentCount, long maxEntryBytes) {
        this.maxEntryBytes = maxEntryBytes;
        this.ohc = OHCacheBuilder.<byte[], byte[]>newBuilder()
                .keySerializer(BYTES)
                .valueSerializer(BYTES)
                .capacity(capacity)
                .segmentCount(segmentCount)
                // OHC's own limit covers its entry header too; ours is checked first, on key + value bytes.
                .maxEntrySize(Math.min(capacity / segmentCount, maxEntryBytes + 1024))
                .eviction(Eviction.NONE)
                .throwOOME(false)
                .build();
    }

    @Override
    public PutResult put(byte[] key, byte[] value) {
        if (key.length + value.length > maxEntryBytes) {
            return PutResult.TOO_LARGE;
        }
        if (ohc.put(key, value)) {
            return PutResult.STORED;
        }
        // Without eviction a replacement needs room for the new entry before the old one is freed: free it first.
        if (ohc.remove(key) && ohc.put(key, value)) {
            return PutResult.STORED;
        }
        return PutResult.FULL;
    }

    @Override
    public byte[] get(byte[] key) {
        return ohc.get(key);
    }

    /**
     * Reads in place: OHC's {@link DirectValueAccess} keeps a reference on the entry, so a concurrent replace or
     * remove of the key unlinks it but frees its memory only after {@code close}. Closing also invalidates the
     * buffer, so a reader that kept it would fail instead of reading freed memory.
     */
    @Override
    public <T> T read(byte[] key, Function<ByteBuffer, T> reader) {
        DirectValueAccess access = ohc.getDirect(key);
        if (access == null) {
            return null;
        }
        try {
            ByteBuffer entry = access.buffer(); // the serialized form: int length, then the value
            int start = entry.position();
            int length = entry.getInt(start);
            if (length < 0 || length != entry.limit() - start - 4) {
                throw new CodecException("off-heap entry length " + length + " does not match its size "
                        + (entry.limit() - start - 4));
            }
            entry.position(start + 4);
            return reader.apply(entry);
        } finally {
            release(access);
        }
    }

    private static void release(DirectValueAccess access) {
        try {
            access.close();
        } catch (IOException e) {
            throw new IllegalStateException(e); // OHC's implementation declares but never throws it
        }
    }

    @Override
    public void remove(byte[] key) {
        ohc.remove(key);
    }

    @Override
    public long size() {
        return ohc.size();
    }

    @Override
    public long usedBytes() {
        return ohc.memUsed();
    }

    @Override
    public long capacityBytes() {
        return ohc.capacity();
    }

    @Override
    public boolean offHeap() {
        return true;
    }

    @Override
    public void close() {
        try {
            ohc.close();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed byte arrays. */
    private static final CacheSerializer<byte[]> BYTES = new CacheSerializer<>() {
        @Override
        public void serialize(byte[] value, ByteBuffer buf) {
            buf.putInt(value.length);
            buf.put(value);
        }

        @Override
        public byte[] deserialize(ByteBuffer buf) {
            byte[] bytes = new byte[buf.getInt()];
            buf.get(bytes);
            return bytes;
        }

        @Override
        public int serializedSize(byte[] value) {
            return 4 + value.length;
        }
    };
}
