package io.glasscache.cache.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

/**
 * Pooled Kryo codec with registration required. The set of registered classes, in order, defines the wire format;
 * {@link #schemaId()} fingerprints it so that data written by an incompatible build can be recognised and skipped.
 *
 * <p>JDK views that Kryo cannot rebuild (for example {@code ArrayList$SubList}, {@code Arrays$ArrayList},
 * {@code ImmutableCollections$ListN}, {@code Collections$UnmodifiableList}) are registered with serializers that
 * write their elements and read them back as plain {@link ArrayList}, {@link LinkedHashSet} or
 * {@link LinkedHashMap}.
 *
 * <p>Registered records are written by {@link KryoRecordSerializer} (method handles resolved once, components in
 * declaration order, primitives and strings inline). Their component names and types are part of {@link #schemaId()}.
 * A hot type can instead be given a hand-written Kryo {@link Serializer} with
 * {@link Builder#register(Class, int, Supplier)}; its class name and the version given are part of the schema id.
 *
 * <p>Thread-safe: Kryo instances, with their input and output buffers, are pooled.
 */
public final class KryoCodec<V> implements ValueCodec<V> {

    /** Upper bound for the pooled output and copy buffers kept between calls; larger values use a fresh one. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    /**
     * Version of this codec's own serializers, part of {@link #schemaId()}. 2: records by {@link KryoRecordSerializer}
     * (1 was Kryo's reflective RecordSerializer, components sorted by name).
     */
    private static final int FORMAT_VERSION = 2;

    private static final byte[] NO_BYTES = new byte[0];

    private final Class<V> type;
    private final List<Class<?>> registered;
    private final int schemaId;
    private final Map<Class<?>, KryoRecordSerializer<?>> recordSerializers;
    private final Map<Class<?>, Custom> customSerializers;
    private final Pool<Worker> workers;

    private KryoCodec(Class<V> type, List<Class<?>> registered, Map<Class<?>, Custom> custom) {
        this.type = type;
        this.registered = List.copyOf(registered);
        this.customSerializers = Map.copyOf(custom);
        this.schemaId = fingerprint(this.registered, customSerializers);
        Map<Class<?>, KryoRecordSerializer<?>> records = new HashMap<>();
        for (Class<?> c : this.registered) {
            if (c.isRecord() && !customSerializers.containsKey(c)) {
                records.put(c, new KryoRecordSerializer<>(c)); // fails the build() of a codec it cannot serve
            }
        }
        this.recordSerializers = Map.copyOf(records);
        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
        this.workers = new Pool<>(true, false, threads) {
            @Override
            protected Worker create() {
                return new Worker(newKryo());
            }
        };
    }

    /** A user's serializer for one type: a factory (one serializer per pooled Kryo) and its format version. */
    private record Custom(Supplier<? extends Serializer<?>> factory, String serializerClass, int version) {
    }

    /** A Kryo instance with its own reusable input, output and copy buffer: one pool round-trip per call. */
    private static final class Worker {
        final Kryo kryo;
        final Input input = new Input(NO_BYTES);
        final Output output = new Output(1024, -1);
        private byte[] scratch = NO_BYTES;

        Worker(Kryo kryo) {
            this.kryo = kryo;
        }

        /** A reused array for copying a direct buffer's bytes, or a fresh one beyond the kept size. */
        byte[] scratch(int length) {
            if (length <= scratch.length) {
                return scratch;
            }
            if (length > KEPT_BUFFER_BYTES) {
                return new byte[length];
            }
            scratch = new byte[Math.max(length, Math.min(KEPT_BUFFER_BYTES, 2 * scratch.length))];
            return scratch;
        }
    }

    public static <V> Builder<V> builder(Class<V> type) {
        return new Builder<>(type);
    }

    /** The value type this codec reads and writes. */
    public Class<V> type() {
        return type;
    }

    /**
     * A fingerprint of the wire format (the registered classes and their order). Two builds whose codecs agree on
     * it read each other's bytes; otherwise their data must be skipped rather than misread.
     */
    @Override
    public int schemaId() {
        return schemaId;
    }

    @Override
    public byte[] encode(V value) {
        Objects.requireNonNull(value, "value");
        Worker worker = workers.obtain();
        Output output = worker.output;
        try {
            output.reset();
            worker.kryo.writeClassAndObject(output, value); // class id first: the declared type may be an interface
            return output.toBytes();
        } catch (KryoException | IllegalArgumentException e) {
            throw new CodecException("cannot encode " + value.getClass().getName() + " with Kryo: "
                    + e.getMessage(), e);
        } finally {
            if (output.getBuffer().length > KEPT_BUFFER_BYTES) {
                output.setBuffer(new byte[1024], -1);
            }
            workers.free(worker);
        }
    }

    @Override
    public V decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code length} bytes of {@code bytes} from {@code offset}, all of which must belong to the value. */
    public V decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        Worker worker = workers.obtain();
        try {
            return decode(worker, bytes, offset, length);
        } finally {
            workers.free(worker);
        }
    }

    /**
     * Decodes the remaining bytes of {@code buffer} (position to limit), all of which must belong to the value,
     * advancing its position. A direct buffer (for example a view of off-heap memory) is copied in one bulk copy
     * into an array reused by this codec, then decoded from there: nothing is allocated for the bytes, and the
     * buffer is not touched after the copy, nor kept. (Decoding through Kryo's {@code ByteBufferInput} instead,
     * one bounds-checked read per byte, measured ~1.5x slower than the copy plus the array decode.) An array-backed
     * buffer is decoded in place, as {@link #decode(byte[], int, int)}.
     */
    @Override
    public V decode(ByteBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        int length = buffer.remaining();
        if (buffer.hasArray()) {
            V value = decode(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
            buffer.position(buffer.limit());
            return value;
        }
        Worker worker = workers.obtain();
        try {
            byte[] copy = worker.scratch(length);
            buffer.get(buffer.position(), copy, 0, length);
            buffer.position(buffer.limit());
            return decode(worker, copy, 0, length);
        } finally {
            workers.free(worker);
        }
    }

    private V decode(Worker worker, byte[] bytes, int offset, int length) {
        Input input = worker.input;
        try {
            input.setBuffer(bytes, offset, length);
            return checked(worker.kryo.readClassAndObject(input), offset + length - input.position());
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw decodeFailure(e);
        } finally {
            input.setBuffer(NO_BYTES); // do not keep the caller's array reachable from the pool
        }
    }

    private V checked(Object read, int trailing) {
        if (!type.isInstance(read)) {
            throw new CodecException("expected a " + type.getSimpleName() + " but read "
                    + (read == null ? "null" : read.getClass().getSimpleName()));
        }
        if (trailing != 0) {
            throw new CodecException("trailing bytes after a " + type.getSimpleName() + ": " + trailing);
        }
        return type.cast(read);
    }

    /** Untrusted bytes can make any serializer throw anything (even java.time's range checks). */
    private CodecException decodeFailure(Throwable e) {
        return new CodecException("cannot decode " + type.getSimpleName() + " with Kryo: "
                + e.getClass().getSimpleName(), e);
    }

    private Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true); // a cache value is untrusted input: never instantiate arbitrary classes
        kryo.setReferences(false);
        JdkTypes.register(kryo);
        for (Class<?> user : registered) {
            KryoRecordSerializer<?> record = recordSerializers.get(user);
            Custom custom = customSerializers.get(user);
            if (custom != null) {
                kryo.register(user, custom.factory.get());
            } else if (record != null) {
                kryo.register(user, record);
            } else {
                kryo.register(user);
            }
        }
        return kryo;
    }

    private static int fingerprint(List<Class<?>> registered, Map<Class<?>, Custom> custom) {
        CRC32C crc = new CRC32C();
        crc.update(FORMAT_VERSION);
        List<Class<?>> all = new ArrayList<>(JdkTypes.ALL);
        all.addAll(registered);
        for (Class<?> c : all) {
            crc.update(c.getName().getBytes(StandardCharsets.UTF_8));
            crc.update(0);
            Custom serializer = custom.get(c);
            if (serializer != null) { // adds nothing for codecs without one: their schema ids are unchanged
                crc.update(("serializer " + serializer.serializerClass + " v" + serializer.version + ";")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (c.isRecord()) {
                KryoRecordSerializer.fingerprint(c, crc);
            }
        }
        return (int) crc.getValue();
    }

    /** Builds a {@link KryoCodec}. */
    public static final class Builder<V> {
        private final Class<V> type;
        private final List<Class<?>> registered = new ArrayList<>();
        private final Map<Class<?>, Custom> custom = new HashMap<>();

        private Builder(Class<V> type) {
            this.type = Objects.requireNonNull(type, "type");
            if (!JdkTypes.BUILTINS.contains(type)) {
                registered.add(type);
            }
        }

        /**
         * Registers classes that may appear in values (nested records, enums, element types). The order is part
         * of the wire format: append, never reorder, or the schema id changes and old data is skipped.
         */
        public Builder<V> register(Class<?>... classes) {
            for (Class<?> c : classes) {
                if (!registered.contains(c) && !JdkTypes.BUILTINS.contains(c)) {
                    registered.add(c);
                }
            }
            return this;
        }

        /**
         * Registers {@code type} (at its place in the registration order, like {@link #register(Class...)}) with a
         * hand-written Kryo serializer, the usual way to tune a hot type. {@code serializers} is called once per
         * pooled Kryo instance, so a serializer need not be thread-safe. The serializer's class name and
         * {@code formatVersion} are part of the {@link #schemaId()}: bump the version whenever the serializer's
         * bytes change, so that data it wrote before is skipped rather than misread. Its {@code read} gets
         * untrusted bytes: it must fail (any exception becomes a {@link CodecException}), never misread them, and
         * must not keep a reference to the input's buffer, which the codec reuses after the call.
         */
        public <T> Builder<V> register(Class<T> type, int formatVersion,
                                       Supplier<? extends Serializer<T>> serializers) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(serializers, "serializers");
            if (JdkTypes.ALL.contains(type)) {
                throw new IllegalArgumentException(type.getName() + " is a JDK type with a built-in serializer");
            }
            Serializer<T> sample = Objects.requireNonNull(serializers.get(), "serializers returned null");
            if (!registered.contains(type)) {
                registered.add(type);
            }
            custom.put(type, new Custom(serializers, sample.getClass().getName(), formatVersion));
            return this;
        }

        public KryoCodec<V> build() {
            return new KryoCodec<>(type, registered, custom);
        }
    }
}
