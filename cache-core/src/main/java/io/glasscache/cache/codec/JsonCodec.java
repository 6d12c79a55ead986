package io.glasscache.cache.codec;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Jackson JSON codec. Made by {@link ValueCodec#json}. */
final class JsonCodec<V> implements ValueCodec<V> {

    private final ObjectMapper mapper;
    private final JavaType type;

    JsonCodec(ObjectMapper mapper, JavaType type) {
        this.mapper = mapper;
        this.type = type;
    }

    static ObjectMapper defaultMapper() {
        // Entries written by a newer build may carry fields this build does not know: read what we know.
        return new ObjectMapper().findAndRegisterModules()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Override
    public byte[] encode(V value) {
        try {
            return mapper.writerFor(type).writeValueAsBytes(value);
        } catch (IOException e) {
            throw new CodecException("cannot encode " + type + " as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public V decode(byte[] bytes) {
        try {
            V value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new CodecException("JSON null is not a cache value of " + type);
            }
            return value;
        } catch (IOException e) {
            throw new CodecException("cannot decode JSON as " + type + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
