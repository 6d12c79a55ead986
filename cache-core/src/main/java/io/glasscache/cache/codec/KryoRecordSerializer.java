package io.glasscache.cache.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Serializer for one record class, replacing Kryo's reflective {@code RecordSerializer} (a {@code Method.invoke} per
 * component and a {@code Constructor.newInstance} per instance, plus a registration lookup per primitive). Components
 * are written in declaration order: primitives and strings inline with no class id, components of a final declared
 * type with a null flag only, all others with their class id (so registration stays required for them). String
 * components are length-prefixed UTF-8 so that reading them is one bulk {@code new String(bytes, UTF_8)} (Kryo's own
 * format decodes strings over 32 characters one char at a time, which was the largest cost of decoding a screen).
 *
 * <p>Reading is one method handle per class, resolved once: the canonical constructor with each parameter folded
 * from a typed reader ({@code Input.readVarLong}, the string reader, a one-load {@code double} or {@code float}
 * reader, {@code Kryo.readObjectOrNull}, ...), run in declaration order. Primitives go from the input to the
 * constructor unboxed and no argument array is built, so a decoded record allocates only itself and its strings.
 * Writing uses accessors typed per component, again unboxed.
 *
 * <p>Reads only from array-backed inputs, as {@link KryoCodec} gives it: a string's bytes are taken straight from the
 * input's buffer.
 *
 * <p>Stateless after construction, so one instance is shared by all pooled Kryo instances of a codec.
 */
final class KryoRecordSerializer<R> extends Serializer<R> {

    private enum Kind { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, FINAL, ANY }

    /** Kryo writes a double's (float's) bits little-endian: these read them in one load. */
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Class<R> type;
    private final Kind[] kinds;
    private final Class<?>[] declared;
    private final MethodHandle[] accessors; // (Object) T, T the component type for primitives and String, else Object
    private final MethodHandle reader; // (Kryo, Input) Object: reads every component and constructs the record

    KryoRecordSerializer(Class<R> type) {
        super(false, true);
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        int n = components.length;
        kinds = new Kind[n];
        declared = new Class<?>[n];
        accessors = new MethodHandle[n];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (int i = 0; i < n; i++) {
                declared[i] = components[i].getType();
                kinds[i] = kindOf(declared[i]);
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true); // records are often package-private or nested in tests
                Class<?> returned = declared[i].isPrimitive() || declared[i] == String.class ? declared[i]
                        : Object.class;
                accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(returned, Object.class));
            }
            Constructor<R> canonical = type.getDeclaredConstructor(declared);
            canonical.setAccessible(true);
            reader = readerFor(lookup.unreflectConstructor(canonical), lookup);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot access the components or canonical constructor of record "
                    + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code (Kryo, Input) Object}: the constructor {@code (T0..Tn-1) R} with parameter {@code i} folded from the
     * reader of component {@code i}. Folding from the last parameter to the first leaves the first component's
     * reader outermost, so the components are read in declaration order.
     */
    private MethodHandle readerFor(MethodHandle constructor, MethodHandles.Lookup lookup)
            throws ReflectiveOperationException {
        int n = kinds.length;
        MethodHandle h = MethodHandles.dropArguments(constructor, n, Kryo.class, Input.class); // (T0..Tn-1, K, I) R
        for (int i = n - 1; i >= 0; i--) {
            h = MethodHandles.foldArguments(h, i, componentReader(i, lookup)); // (T0..Ti-1, K, I) R
        }
        return h.asType(MethodType.methodType(Object.class, Kryo.class, Input.class));
    }

    /** {@code (Kryo, Input) T} for component {@code i}. */
    private MethodHandle componentReader(int i, MethodHandles.Lookup lookup) throws ReflectiveOperationException {
        MethodHandle fromInput = switch (kinds[i]) {
            case BOOLEAN -> inputMethod(lookup, "readBoolean", boolean.class);
            case BYTE -> inputMethod(lookup, "readByte", byte.class);
            case SHORT -> inputMethod(lookup, "readShort", short.class);
            case CHAR -> inputMethod(lookup, "readChar", char.class);
            case INT -> MethodHandles.insertArguments(inputMethod(lookup, "readVarInt", int.class, boolean.class), 1,
                    false);
            case LONG -> MethodHandles.insertArguments(inputMethod(lookup, "readVarLong", long.class, boolean.class),
                    1, false);
            case FLOAT -> lookup.findStatic(KryoRecordSerializer.class, "readFloat",
                    MethodType.methodType(float.class, Input.class));
            case DOUBLE -> lookup.findStatic(KryoRecordSerializer.class, "readDouble",
                    MethodType.methodType(double.class, Input.class));
            case STRING -> lookup.findStatic(KryoRecordSerializer.class, "readString",
                    MethodType.methodType(String.class, Input.class));
            case FINAL, ANY -> null;
        };
        if (fromInput != null) {
            return MethodHandles.dropArguments(fromInput, 0, Kryo.class);
        }
        MethodHandle read = kinds[i] == Kind.FINAL
                ? MethodHandles.insertArguments(lookup.findVirtual(Kryo.class, "readObjectOrNull",
                        MethodType.methodType(Object.class, Input.class, Class.class)), 2, declared[i])
                : lookup.findVirtual(Kryo.class, "readClassAndObject",
                        MethodType.methodType(Object.class, Input.class));
        // A value of the wrong type (only from corrupt bytes) fails this cast with a ClassCastException.
        return read.asType(MethodType.methodType(declared[i], Kryo.class, Input.class));
    }

    private static MethodHandle inputMethod(MethodHandles.Lookup lookup, String name, Class<?> returned,
                                            Class<?>... parameters) throws ReflectiveOperationException {
        return lookup.findVirtual(Input.class, name, MethodType.methodType(returned, parameters));
    }

    /** Adds the component names and declared types, in order, to a wire-format fingerprint. */
    static void fingerprint(Class<?> record, CRC32C crc) {
        for (RecordComponent component : record.getRecordComponents()) {
            crc.update(component.getType().getName().getBytes(StandardCharsets.UTF_8));
            crc.update(' ');
            crc.update(component.getName().getBytes(StandardCharsets.UTF_8));
            crc.update(';');
        }
    }

    private static Kind kindOf(Class<?> c) {
        if (c == boolean.class) {
            return Kind.BOOLEAN;
        } else if (c == byte.class) {
            return Kind.BYTE;
        } else if (c == short.class) {
            return Kind.SHORT;
        } else if (c == char.class) {
            return Kind.CHAR;
        } else if (c == int.class) {
            return Kind.INT;
        } else if (c == long.class) {
            return Kind.LONG;
        } else if (c == float.class) {
            return Kind.FLOAT;
        } else if (c == double.class) {
            return Kind.DOUBLE;
        } else if (c == String.class) {
            return Kind.STRING;
        }
        return isFinal(c) ? Kind.FINAL : Kind.ANY;
    }

    /** As Kryo decides: an array is final when its element type is; {@code Object[]} may hold a {@code String[]}. */
    private static boolean isFinal(Class<?> c) {
        if (c.isArray()) {
            Class<?> element = c.getComponentType();
            return element.isPrimitive() || isFinal(element);
        }
        return Modifier.isFinal(c.getModifiers());
    }

    @Override
    public void write(Kryo kryo, Output output, R record) {
        Object r = record;
        try {
            for (int i = 0; i < kinds.length; i++) {
                MethodHandle get = accessors[i];
                switch (kinds[i]) {
                    case BOOLEAN -> output.writeBoolean((boolean) get.invokeExact(r));
                    case BYTE -> output.writeByte((byte) get.invokeExact(r));
                    case SHORT -> output.writeShort((short) get.invokeExact(r));
                    case CHAR -> output.writeChar((char) get.invokeExact(r));
                    case INT -> output.writeVarInt((int) get.invokeExact(r), false);
                    case LONG -> output.writeVarLong((long) get.invokeExact(r), false);
                    case FLOAT -> output.writeFloat((float) get.invokeExact(r));
                    case DOUBLE -> output.writeDouble((double) get.invokeExact(r));
                    case STRING -> writeString(output, (String) get.invokeExact(r));
                    case FINAL -> kryo.writeObjectOrNull(output, (Object) get.invokeExact(r), declared[i]);
                    case ANY -> kryo.writeClassAndObject(output, (Object) get.invokeExact(r));
                    default -> throw new IllegalStateException(kinds[i].name());
                }
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new KryoException("cannot read the components of " + type.getName() + ": " + t, t);
        }
    }

    @Override
    public R read(Kryo kryo, Input input, Class<? extends R> ignored) {
        try {
            return type.cast((Object) reader.invokeExact(kryo, input));
        } catch (RuntimeException | Error e) {
            throw e; // includes a ClassCastException for a component of the wrong type, and compact-constructor checks
        } catch (Throwable t) {
            throw new KryoException("cannot construct " + type.getName() + ": " + t, t);
        }
    }

    /** Null as 0, otherwise the UTF-8 length + 1, then the bytes. */
    private static void writeString(Output output, String value) {
        if (value == null) {
            output.writeVarInt(0, true);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        output.writeVarInt(utf8.length + 1, true);
        output.writeBytes(utf8);
    }

    /** Kryo's {@code readDouble} (8 bytes, little-endian) as one load instead of eight byte loads and shifts. */
    private static double readDouble(Input input) {
        return Double.longBitsToDouble((long) LONG_LE.get(input.getBuffer(), take(input, Long.BYTES, "a double")));
    }

    /** Kryo's {@code readFloat} (4 bytes, little-endian) as one load. */
    private static float readFloat(Input input) {
        return Float.intBitsToFloat((int) INT_LE.get(input.getBuffer(), take(input, Integer.BYTES, "a float")));
    }

    /** The input's position, then moves it past {@code bytes}; a KryoException if fewer are left. */
    private static int take(Input input, int bytes, String what) {
        int position = input.position();
        if (input.limit() - position < bytes) {
            throw new KryoException("buffer underflow reading " + what);
        }
        input.setPosition(position + bytes);
        return position;
    }

    private static String readString(Input input) {
        int length = input.readVarInt(true) - 1;
        if (length < 0) {
            if (length == -1) {
                return null;
            }
            throw new KryoException("corrupt string length " + length);
        }
        int position = input.position();
        if (length > input.limit() - position) {
            throw new KryoException("corrupt string length " + length + " with " + (input.limit() - position)
                    + " bytes left");
        }
        // Malformed UTF-8 (only from corrupt bytes) decodes to U+FFFD rather than failing: still no misread type.
        String value = new String(input.getBuffer(), position, length, StandardCharsets.UTF_8);
        input.setPosition(position + length);
        return value;
    }
}
