package io.glasscache.observability.mixin;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/** Copies a record with one component replaced from text: how the command line sets thresholds and demo names. */
final class Records {

    private Records() {
    }

    /** {@code record} with component {@code name} parsed from {@code text} (lists comma-separated). */
    static <R extends Record> R with(R record, String name, String text) {
        RecordComponent component = Arrays.stream(record.getClass().getRecordComponents())
                .filter(c -> c.getName().equals(name)).findFirst().orElse(null);
        return copy(record, name, component == null ? null : parse(component.getType(), name, text));
    }

    /** {@code record} with component {@code name} set to {@code value}, through its canonical constructor. */
    static <R extends Record> R copy(R record, String name, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                if (c.getName().equals(name)) {
                    values[i] = value;
                    found = true;
                } else {
                    values[i] = c.getAccessor().invoke(record);
                }
            }
            if (!found) {
                throw new IllegalArgumentException("unknown " + record.getClass().getSimpleName().toLowerCase()
                        + " setting '" + name + "'; known: "
                        + Arrays.stream(components).map(RecordComponent::getName).toList());
            }
            Constructor<?> constructor = record.getClass().getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            @SuppressWarnings("unchecked")
            R copy = (R) constructor.newInstance(values);
            return copy;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                throw bad;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(Class<?> type, String name, String value) {
        if (type == double.class) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got: " + value);
            }
        }
        if (type == List.class) {
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (type == String.class) {
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
        throw new IllegalStateException("unsupported type " + type);
    }
}
