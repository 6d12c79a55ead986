package io.glasscache.cache.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;

/**
 * The JDK types every {@link KryoCodec} knows, in a fixed order (the order is part of the wire format), with
 * serializers that bound every size by the bytes left and write JDK views Kryo cannot rebuild (subList,
 * Arrays.asList, List.of, unmodifiable and synchronized wrappers) as plain collections.
 */
final class JdkTypes {

    private JdkTypes() {
    }

    static final List<Class<?>> BUILTINS = List.of(
            byte[].class, int[].class, long[].class, float[].class, double[].class, boolean[].class,
            short[].class, char[].class, String[].class, Object[].class,
            ArrayList.class, LinkedList.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
            HashMap.class, LinkedHashMap.class, TreeMap.class,
            java.time.Instant.class, java.time.Duration.class, java.time.LocalDate.class,
            java.math.BigDecimal.class, java.math.BigInteger.class);

    private static final List<Class<?>> LIST_VIEWS = distinct(
            new ArrayList<>(List.of(1, 2)).subList(0, 1).getClass(),
            new LinkedList<>(List.of(1, 2)).subList(0, 1).getClass(),
            Arrays.asList(1, 2).getClass(),
            List.of().getClass(), List.of(1).getClass(), List.of(1, 2, 3).getClass(),
            List.of(1, 2, 3).subList(0, 2).getClass(),
            Collections.unmodifiableList(new ArrayList<>()).getClass(),
            Collections.unmodifiableList(new LinkedList<>()).getClass(),
            Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
            Collections.synchronizedList(new ArrayList<>()).getClass(),
            Collections.emptyList().getClass(), Collections.singletonList(1).getClass(),
            Collections.nCopies(2, 1).getClass());

    private static final List<Class<?>> SET_VIEWS = distinct(
            Set.of().getClass(), Set.of(1).getClass(), Set.of(1, 2, 3).getClass(),
            Collections.unmodifiableSet(new HashSet<>()).getClass(),
            Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
            Collections.emptySet().getClass(), Collections.singleton(1).getClass(),
            new HashMap<>().keySet().getClass(), new LinkedHashMap<>().keySet().getClass());

    private static final List<Class<?>> MAP_VIEWS = distinct(
            Map.of().getClass(), Map.of(1, 1).getClass(), Map.of(1, 1, 2, 2).getClass(),
            Collections.unmodifiableMap(new HashMap<>()).getClass(),
            Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
            Collections.emptyMap().getClass(), Collections.singletonMap(1, 1).getClass());

    private static List<Class<?>> distinct(Class<?>... classes) {
        return List.copyOf(new LinkedHashSet<>(Arrays.asList(classes)));
    }

    private enum ViewKind { LIST, SET }

    /** Writes any collection view as size + elements; reads a plain ArrayList or LinkedHashSet. */
    private static final class ViewSerializer<T extends Collection<Object>> extends Serializer<Collection<Object>> {
        private final ViewKind kind;

        ViewSerializer(ViewKind kind) {
            this.kind = kind;
        }

        @Override
        public void write(Kryo kryo, Output output, Collection<Object> collection) {
            output.writeVarInt(collection.size(), true);
            for (Object element : collection) {
                kryo.writeClassAndObject(output, element);
            }
        }

        @Override
        public Collection<Object> read(Kryo kryo, Input input, Class<? extends Collection<Object>> type) {
            int size = checkedSize(input, input.readVarInt(true));
            Collection<Object> result = kind == ViewKind.LIST ? new ArrayList<>(size) : new LinkedHashSet<>(size);
            for (int i = 0; i < size; i++) {
                result.add(kryo.readClassAndObject(input));
            }
            return result;
        }
    }

    /** Writes any map view as size + entries; reads a plain LinkedHashMap. */
    private static final class MapViewSerializer extends Serializer<Map<Object, Object>> {
        @Override
        public void write(Kryo kryo, Output output, Map<Object, Object> map) {
            output.writeVarInt(map.size(), true);
            for (Map.Entry<Object, Object> entry : map.entrySet()) {
                kryo.writeClassAndObject(output, entry.getKey());
                kryo.writeClassAndObject(output, entry.getValue());
            }
        }

        @Override
        public Map<Object, Object> read(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
            int size = checkedSize(input, input.readVarInt(true));
            Map<Object, Object> result = new LinkedHashMap<>(size);
            for (int i = 0; i < size; i++) {
                result.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return result;
        }
    }

    /** Collection serializer that never pre-sizes beyond what the remaining bytes could hold. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class BoundedCollectionSerializer extends CollectionSerializer<Collection> {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
            checkedSize(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class BoundedMapSerializer extends MapSerializer<Map> {
        @Override
        protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
            checkedSize(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    /** Each element takes at least one byte: a larger claimed size can only come from corrupt data. */
    private static int checkedSize(Input input, int size) {
        int remaining = input.limit() - input.position();
        if (size < 0 || size > remaining) {
            throw new KryoException("corrupt size " + size + " with " + remaining + " bytes left");
        }
        return size;
    }


    /** Every JDK type above, in wire order: builtins, list views, set views, map views. */
    static final List<Class<?>> ALL = concat(BUILTINS, LIST_VIEWS, SET_VIEWS, MAP_VIEWS);

    @SafeVarargs
    private static List<Class<?>> concat(List<Class<?>>... lists) {
        List<Class<?>> all = new ArrayList<>();
        for (List<Class<?>> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }

    /** Registers every JDK type with {@code kryo}, in wire order. */
    static void register(Kryo kryo) {
        for (Class<?> builtin : BUILTINS) {
            if (builtin == ArrayList.class || builtin == LinkedList.class || builtin == HashSet.class
                    || builtin == LinkedHashSet.class || builtin == TreeSet.class) {
                kryo.register(builtin, new BoundedCollectionSerializer());
            } else if (Map.class.isAssignableFrom(builtin)) {
                kryo.register(builtin, new BoundedMapSerializer());
            } else {
                kryo.register(builtin);
            }
        }
        for (Class<?> view : LIST_VIEWS) {
            kryo.register(view, new ViewSerializer<>(ViewKind.LIST));
        }
        for (Class<?> view : SET_VIEWS) {
            kryo.register(view, new ViewSerializer<>(ViewKind.SET));
        }
        for (Class<?> view : MAP_VIEWS) {
            kryo.register(view, new MapViewSerializer());
        }
    }
}
