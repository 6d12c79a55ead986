package io.glasscache.cache;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Serializer for one record class, replacing Kryo's reflective {@code RecordSerializer} (a {@code Method.invoke} per
 * component and a {@code Constructor.newInstance} per instance, plus a registration lookup per primitive). Method
 * handles for the accessors and the canonical constructor are resolved once per class; components are written in
 * declaration order: primitives and strings inline with no class id, components of a final declared type with a
 * null flag only, all others with their class id (so registration stays required for them). String components are
 * length-prefixed UTF-8 so that reading them is one bulk {@code new String(bytes, UTF_8)} (Kryo's own format decodes
 * strings over 32 characters one char at a time, which was the largest cost of decoding a screen).
 *
 * <p>Reads only from array-backed inputs, as {@link KryoCodec} gives it: a string's bytes are taken straight from the
 * input's buffer.
 *
 * <p>Stateless after construction, so one instance is shared by all pooled Kryo instances of a codec.
 */
final class KryoRecordSerializer<R> extends Serializer<R> {

    private enum Kind { BOOLEAN, BYTE, SHORT, CHAR, INT, LONG, FLOAT, DOUBLE, STRING, FINAL, ANY }

    private final Class<R> type;
    private final Kind[] kinds;
    private final Class<?>[] declared;
    private final MethodHandle[] accessors; // (Object) Object
    private final MethodHandle constructor; // (Object[]) Object

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
                accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
            }
            Constructor<R> canonical = type.getDeclaredConstructor(declared);
            canonical.setAccessible(true);
            constructor = lookup.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot access the components or canonical constructor of record "
                    + type.getName() + ": " + e.getMessage(), e);
        }
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
        for (int i = 0; i < kinds.length; i++) {
            Object value = component(i, record);
            switch (kinds[i]) {
                case BOOLEAN -> output.writeBoolean((Boolean) value);
                case BYTE -> output.writeByte((Byte) value);
                case SHORT -> output.writeShort((Short) value);
                case CHAR -> output.writeChar((Character) value);
                case INT -> output.writeVarInt((Integer) value, false);
                case LONG -> output.writeVarLong((Long) value, false);
                case FLOAT -> output.writeFloat((Float) value);
                case DOUBLE -> output.writeDouble((Double) value);
                case STRING -> writeString(output, (String) value);
                case FINAL -> kryo.writeObjectOrNull(output, value, declared[i]);
                case ANY -> kryo.writeClassAndObject(output, value);
                default -> throw new IllegalStateException(kinds[i].name());
            }
        }
    }

    @Override
    public R read(Kryo kryo, Input input, Class<? extends R> ignored) {
        Object[] args = new Object[kinds.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = switch (kinds[i]) {
                case BOOLEAN -> input.readBoolean();
                case BYTE -> input.readByte();
                case SHORT -> input.readShort();
                case CHAR -> input.readChar();
                case INT -> input.readVarInt(false);
                case LONG -> input.readVarLong(false);
                case FLOAT -> input.readFloat();
                case DOUBLE -> input.readDouble();
                case STRING -> readString(input);
                case FINAL -> kryo.readObjectOrNull(input, declared[i]);
                case ANY -> kryo.readClassAndObject(input); // a wrong type fails the constructor's cast below
            };
        }
        try {
            return type.cast(constructor.invokeExact(args));
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

    private Object component(int i, R record) {
        try {
            return (Object) accessors[i].invokeExact((Object) record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new KryoException("cannot read component " + i + " of " + type.getName() + ": " + t, t);
        }
    }
}
