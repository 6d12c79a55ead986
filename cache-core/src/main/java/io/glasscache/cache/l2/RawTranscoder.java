package io.glasscache.cache.l2;

import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/** Passes bytes through untouched: the cache frames and decodes them itself, so any stored bytes can be checked. */
final class RawTranscoder implements Transcoder<byte[]> {

    /** Flags written with every value ("GC"); values read back are checked by their framing, not their flags. */
    static final int FLAGS = 0x4743;
    static final RawTranscoder INSTANCE = new RawTranscoder();

    @Override
    public boolean asyncDecode(CachedData d) {
        return false;
    }

    @Override
    public CachedData encode(byte[] o) {
        return new CachedData(FLAGS, o, getMaxSize());
    }

    @Override
    public byte[] decode(CachedData d) {
        return d.getData();
    }

    @Override
    public int getMaxSize() {
        return CachedData.MAX_SIZE;
    }
}
