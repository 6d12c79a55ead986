package io.glasscache.cache.l2;

import java.nio.ByteBuffer;

import io.glasscache.cache.codec.CodecException;

/**
 * The bytes of an L2 entry: {@code 'G' 'C'}, format 1, the codec's schema id (int), fresh-until (epoch millis,
 * long), the load's duration (millis, int), then the codec's payload. Anything else is rejected as corrupt.
 */
public final class L2Frame {

    static final int HEADER_BYTES = 2 + 1 + 4 + 8 + 4;
    private static final byte MAGIC_0 = 'G';
    private static final byte MAGIC_1 = 'C';
    private static final byte FORMAT = 1;

    private L2Frame() {
    }

    public static byte[] encode(int schemaId, long freshUntil, int deltaMillis, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        b.put(MAGIC_0).put(MAGIC_1).put(FORMAT).putInt(schemaId).putLong(freshUntil).putInt(deltaMillis).put(payload);
        return b.array();
    }

    /** The header of {@code bytes}; throws {@link CodecException} if it is not a frame of {@code schemaId}. */
    static Header header(byte[] bytes, int schemaId) {
        if (bytes.length < HEADER_BYTES || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1 || bytes[2] != FORMAT) {
            throw new CodecException("not a GlassCache L2 frame");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 3, HEADER_BYTES - 3);
        int schema = b.getInt();
        if (schema != schemaId) {
            throw new CodecException("L2 frame written with another codec schema");
        }
        long freshUntil = b.getLong();
        int delta = b.getInt();
        if (delta < 0) {
            throw new CodecException("corrupt L2 frame header");
        }
        return new Header(freshUntil, delta);
    }

    static byte[] payload(byte[] bytes) {
        byte[] out = new byte[bytes.length - HEADER_BYTES];
        System.arraycopy(bytes, HEADER_BYTES, out, 0, out.length);
        return out;
    }

    record Header(long freshUntil, int deltaMillis) {
    }
}
