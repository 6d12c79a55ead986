package io.glasscache.cache.codec;

import java.nio.ByteBuffer;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns cache values into bytes and back. Bytes read back from a shared cache or a file are untrusted input: a
 * codec must fail with {@link CodecException} on anything it did not write, never misread it.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

    /** Encodes {@code value}; throws {@link CodecException} if it cannot be represented. */
    byte[] encode(V value);

    /** Decodes {@code bytes}; throws {@link CodecException} on corrupt or foreign data. */
    V decode(byte[] bytes);

    /**
     * Decodes the remaining bytes of {@code buffer}, all of which must belong to the value, advancing its position.
     * The buffer is valid only during the call. The default copies the bytes and calls {@link #decode(byte[])}.
     */
    default V decode(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return decode(bytes);
    }

    /**
     * A fingerprint of the wire format, stored beside every encoded value so that bytes written by an incompatible
     * build are recognised and skipped rather than misread. The default, 0, means "not fingerprinted".
     */
    default int schemaId() {
        return 0;
    }

    /**
     * Kryo with registration required (never switched off): only the listed classes, their fields' classes and the
     * JDK types {@link KryoCodec} registers itself can be read. Views Kryo cannot handle (subList, Arrays.asList,
     * List.of, unmodifiable and synchronized wrappers) are written as plain JDK collections.
     */
    static <V> KryoCodec<V> kryo(Class<V> type, Class<?>... registered) {
        return KryoCodec.builder(type).register(registered).build();
    }

    /** Jackson JSON for {@code type}, with a default {@link ObjectMapper}. */
    static <V> ValueCodec<V> json(Class<V> type) {
        ObjectMapper mapper = JsonCodec.defaultMapper();
        return new JsonCodec<>(mapper, mapper.constructType(type));
    }

    /** Jackson JSON with the given mapper and (possibly generic) type. */
    static <V> ValueCodec<V> json(ObjectMapper mapper, JavaType type) {
        return new JsonCodec<>(mapper, type);
    }
}
