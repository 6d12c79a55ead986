package io.glasscache.cache;

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
