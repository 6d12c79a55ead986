package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class KryoCodecTest {

    record Item(long itemId, double score) {
    }

    record Screen(String scene, List<Item> items, Map<String, Float> features, Set<String> tags) {
    }

    private final KryoCodec<Screen> codec = KryoCodec.builder(Screen.class).register(Item.class).build();

    @Test
    void roundTripsRecordsHoldingEveryKindOfJdkView() {
        List<Item> base = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            base.add(new Item(i, i / 10.0));
        }
        List<List<Item>> views = List.of(
                base.subList(2, 5),
                Arrays.asList(base.get(0), base.get(1)),
                List.of(base.get(3)),
                List.of(base.get(1), base.get(2), base.get(3)),
                Collections.unmodifiableList(base),
                Collections.synchronizedList(new ArrayList<>(base)),
                Collections.emptyList(),
                Collections.singletonList(base.get(9)),
                List.copyOf(base).subList(1, 3));
        for (List<Item> view : views) {
            Screen screen = new Screen("home", view, Map.of("ctr", 0.5f),
                    Collections.unmodifiableSet(new LinkedHashSet<>(List.of("a", "b"))));
            Screen back = codec.decode(codec.encode(screen));
            assertThat(back.items()).as(view.getClass().getName()).containsExactlyElementsOf(view);
            assertThat(back.items()).isInstanceOf(ArrayList.class);
            assertThat(back.features()).containsExactlyEntriesOf(Map.of("ctr", 0.5f));
            assertThat(back.tags()).containsExactly("a", "b");
        }
    }

    @Test
    void topLevelViewsAreCopiedIntoPlainCollections() {
        KryoCodec<List> lists = KryoCodec.builder(List.class).build();
        Object back = lists.decode(lists.encode(new ArrayList<>(List.of("x", "y", "z")).subList(1, 3)));
        // Reading a List as the declared type needs the concrete class written first.
        assertThat(back).isInstanceOf(List.class);
        KryoCodec<HashMap> maps = KryoCodec.builder(HashMap.class).build();
        HashMap<String, List<String>> map = new HashMap<>();
        map.put("k", List.of("v1", "v2"));
        assertThat(maps.decode(maps.encode(map))).isEqualTo(Map.of("k", List.of("v1", "v2")));
    }

    enum Tier { GOLD, SILVER }

    record Inner(String label, Tier tier) {
    }

    record AllKinds(boolean b, byte by, short sh, char ch, int i, long l, float f, double d, String s, Inner inner,
            Tier tier, int[] ints, Object any, Number boxed) {
    }

    record Checked(int positive) {
        Checked {
            if (positive <= 0) {
                throw new IllegalArgumentException("positive must be > 0");
            }
        }
    }

    @Test
    void recordsKeepEveryComponentKindIncludingNullsAndExtremes() {
        KryoCodec<AllKinds> kinds = KryoCodec.builder(AllKinds.class).register(Inner.class, Tier.class).build();
        AllKinds full = new AllKinds(true, Byte.MIN_VALUE, Short.MAX_VALUE, '\u20ac', Integer.MIN_VALUE,
                Long.MAX_VALUE, -0.5f, -Double.MAX_VALUE, "héllo ✓ ".repeat(20), new Inner("in", Tier.SILVER), Tier.GOLD,
                new int[] {1, -2, 3}, List.of("x", 2L), 7L);
        AllKinds back = kinds.decode(kinds.encode(full));
        assertThat(back).usingRecursiveComparison().isEqualTo(full);
        assertThat(back.any()).isInstanceOf(ArrayList.class);
        assertThat(back.boxed()).isEqualTo(7L);

        AllKinds nulls = new AllKinds(false, (byte) 0, (short) 0, 'a', 0, 0, 0, 0, null, new Inner(null, null), null,
                null, null, null);
        assertThat(kinds.decode(kinds.encode(nulls))).usingRecursiveComparison().isEqualTo(nulls);
    }

    @Test
    void aLargeScreenRoundTripsAndItsBytesAreDeterministic() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 170; i++) {
            items.add(new Item(i * 7919L, i / 3.0));
        }
        Screen screen = new Screen("home", items, Map.of(), Set.of());
        byte[] bytes = codec.encode(screen);
        assertThat(codec.decode(bytes)).isEqualTo(new Screen("home", items, Map.of(), Set.of()));
        KryoCodec<Screen> another = KryoCodec.builder(Screen.class).register(Item.class).build();
        assertThat(another.encode(screen)).isEqualTo(bytes);
        assertThat(codec.encode(screen)).isEqualTo(bytes);
    }

    @Test
    void aRecordsOwnValidationFailingOnReadIsACodecError() {
        KryoCodec<Checked> checked = KryoCodec.builder(Checked.class).build();
        byte[] good = checked.encode(new Checked(5));
        byte[] zero = good.clone();
        zero[zero.length - 1] = 0; // zig-zag varint 0
        assertThat(checked.decode(good)).isEqualTo(new Checked(5));
        assertThatThrownBy(() -> checked.decode(zero)).isInstanceOf(CodecException.class);
    }

    @Test
    void unregisteredClassIsACodecErrorOnWrite() {
        record Secret(String s) {
        }
        KryoCodec<Object[]> arrays = KryoCodec.builder(Object[].class).build();
        assertThatThrownBy(() -> arrays.encode(new Object[] {new Secret("x")}))
                .isInstanceOf(CodecException.class).hasMessageContaining("Kryo");
    }

    @Test
    void corruptOrForeignBytesAreCodecErrorsNeverMisreads() {
        byte[] good = codec.encode(new Screen("s", List.of(new Item(1, 1)), Map.of(), Set.of()));
        Random random = new Random(42);
        int errors = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                codec.decode(bad);
            } catch (CodecException e) {
                errors++;
            }
        }
        assertThat(errors).isPositive();
        for (int i = 0; i < 2_000; i++) {
            byte[] noise = new byte[1 + random.nextInt(64)];
            random.nextBytes(noise);
            try {
                codec.decode(noise);
            } catch (CodecException expected) {
                // the only failure allowed
            }
        }
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length + 3)))
                .isInstanceOf(CodecException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(good, good.length - 2)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void schemaIdChangesWithTheRegistrationList() {
        KryoCodec<Screen> same = KryoCodec.builder(Screen.class).register(Item.class).build();
        KryoCodec<Screen> other = KryoCodec.builder(Screen.class).register(Item.class, Set.class).build();
        assertThat(same.schemaId()).isEqualTo(codec.schemaId());
        assertThat(other.schemaId()).isNotEqualTo(codec.schemaId());
    }

    @Test
    void unregisteredNestedRecordIsACodecErrorOnWrite() {
        KryoCodec<AllKinds> withoutInner = KryoCodec.builder(AllKinds.class).register(Tier.class).build();
        assertThatThrownBy(() -> withoutInner.encode(new AllKinds(true, (byte) 1, (short) 1, 'c', 1, 1, 1, 1, "s",
                new Inner("x", Tier.GOLD), Tier.GOLD, null, null, null)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void jsonCodecRoundTripsAndRejectsGarbage() {
        ValueCodec<Screen> json = ValueCodec.json(Screen.class);
        Screen screen = new Screen("home", List.of(new Item(7, 0.25)), Map.of("f", 1.5f), Set.of("t"));
        assertThat(json.decode(json.encode(screen))).isEqualTo(screen);
        assertThatThrownBy(() -> json.decode("{\"scene\":".getBytes())).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> json.decode("null".getBytes())).isInstanceOf(CodecException.class);
    }
}
