package io.glasscache.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.junit.jupiter.api.Test;

import io.glasscache.cache.codec.CodecException;
import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.codec.ValueCodec;

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

    record Floats(float f, double d) {
    }

    @Test
    void floatsAndDoublesKeepEveryBitAndATruncatedOneIsACodecError() {
        KryoCodec<Floats> floats = KryoCodec.builder(Floats.class).build();
        float[] fs = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MAX_VALUE, 1.1f};
        double[] ds = {0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MAX_VALUE, Math.PI};
        for (int i = 0; i < fs.length; i++) {
            Floats back = floats.decode(floats.encode(new Floats(fs[i], ds[i])));
            assertThat(Float.floatToRawIntBits(back.f())).isEqualTo(Float.floatToRawIntBits(fs[i]));
            assertThat(Double.doubleToRawLongBits(back.d())).isEqualTo(Double.doubleToRawLongBits(ds[i]));
        }
        byte[] bytes = floats.encode(new Floats(1f, 2d));
        for (int cut = 1; cut <= Long.BYTES + Integer.BYTES; cut++) { // into the double, then into the float
            byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - cut);
            assertThatThrownBy(() -> floats.decode(truncated)).as("cut %d", cut).isInstanceOf(CodecException.class);
        }
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

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length + 7);
        buffer.position(7); // not at 0, as a value inside a larger region
        buffer.put(bytes).position(7);
        return buffer.asReadOnlyBuffer();
    }

    @Test
    void decodesInPlaceFromDirectAndHeapBuffersAsFromArrays() {
        KryoCodec<AllKinds> kinds = KryoCodec.builder(AllKinds.class).register(Inner.class, Tier.class).build();
        AllKinds full = new AllKinds(true, Byte.MIN_VALUE, Short.MAX_VALUE, '\u20ac', Integer.MIN_VALUE,
                Long.MAX_VALUE, -0.5f, -Double.MAX_VALUE, "héllo ✓ ".repeat(7000), new Inner("in", Tier.SILVER),
                Tier.GOLD, new int[] {1, -2, 3}, List.of("x", 2L), 7L); // 77 KB: beyond the kept copy buffer
        byte[] bytes = kinds.encode(full);
        ByteBuffer buffer = direct(bytes);
        assertThat(kinds.decode(buffer)).usingRecursiveComparison().isEqualTo(full);
        assertThat(buffer.remaining()).isZero();

        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 170; i++) {
            items.add(new Item(i * 7919L, i / 3.0));
        }
        Screen screen = new Screen("home", items, Map.of("ctr", 0.5f), Set.of("t"));
        byte[] screenBytes = codec.encode(screen);
        for (int round = 0; round < 3; round++) { // the pooled copy buffer is reused between calls
            assertThat(codec.decode(direct(screenBytes))).isEqualTo(screen);
        }
        byte[] padded = new byte[screenBytes.length + 10];
        System.arraycopy(screenBytes, 0, padded, 5, screenBytes.length);
        ByteBuffer heap = ByteBuffer.wrap(padded, 5, screenBytes.length);
        assertThat(codec.decode(heap)).isEqualTo(screen);
        assertThat(heap.position()).isEqualTo(5 + screenBytes.length);
        assertThat(codec.decode(padded, 5, screenBytes.length)).isEqualTo(screen);
    }

    @Test
    void corruptBytesInADirectBufferAreCodecErrorsNeverMisreads() {
        byte[] good = codec.encode(new Screen("s", List.of(new Item(1, 1), new Item(2, 2)), Map.of("f", 1f),
                Set.of("tag")));
        Random random = new Random(7);
        int errors = 0;
        for (int i = 0; i < 1_000; i++) {
            byte[] bad = good.clone();
            bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
            try {
                codec.decode(direct(bad));
            } catch (CodecException e) {
                errors++;
            }
        }
        assertThat(errors).isPositive();
        ByteBuffer trailing = ByteBuffer.allocateDirect(good.length + 3).put(good).put(new byte[3]).flip();
        assertThatThrownBy(() -> codec.decode(trailing)).isInstanceOf(CodecException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> codec.decode(direct(Arrays.copyOf(good, good.length - 2))))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.decode(ByteBuffer.allocateDirect(0))).isInstanceOf(CodecException.class);
    }

    @Test
    void aPayloadNamingAnUnregisteredClassIsRejectedWithoutMakingOne() {
        byte[] gadget = Gadget.payload();
        int made = Gadget.MADE.get();
        assertThatThrownBy(() -> codec.decode(gadget)).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(gadget))).isInstanceOf(CodecException.class);
        assertThat(Gadget.MADE.get()).as("no Gadget made by decoding").isEqualTo(made);
    }

    /** The wire format of codecs without a hand-written serializer, pinned: snapshots written before stay readable. */
    @Test
    void theGenericRecordFormatAndSchemaIdAreUnchanged() {
        Screen screen = new Screen("home", List.of(new Item(7919, 1 / 3.0), new Item(-1, 0)), Map.of("ctr", 0.5f),
                Set.of("t"));
        assertThat(codec.schemaId()).isEqualTo(PINNED_SCHEMA_ID);
        assertThat(HexFormat.of().formatHex(codec.encode(screen))).isEqualTo(PINNED_SCREEN_HEX);
    }

    /** Taken from the build before the reader became one method handle (format version 2). */
    private static final int PINNED_SCHEMA_ID = -1891581896;
    private static final String PINNED_SCREEN_HEX =
            "3d05686f6d6526023ede7b555555555555d53f3e0100000000000000003801036374f2040000003f3001038274";

    /** A hand-written serializer for {@link Item}: id and score as fixed-size fields. */
    static final class ItemSerializer extends Serializer<Item> {
        static final AtomicInteger CREATED = new AtomicInteger();

        ItemSerializer() {
            CREATED.incrementAndGet();
        }

        @Override
        public void write(Kryo kryo, Output output, Item item) {
            output.writeLong(item.itemId());
            output.writeDouble(item.score());
        }

        @Override
        public Item read(Kryo kryo, Input input, Class<? extends Item> type) {
            long id = input.readLong();
            if (id < 0) {
                throw new IllegalArgumentException("negative id " + id);
            }
            return new Item(id, input.readDouble());
        }
    }

    static final class OtherItemSerializer extends Serializer<Item> {
        @Override
        public void write(Kryo kryo, Output output, Item item) {
            output.writeVarLong(item.itemId(), true);
            output.writeDouble(item.score());
        }

        @Override
        public Item read(Kryo kryo, Input input, Class<? extends Item> type) {
            return new Item(input.readVarLong(true), input.readDouble());
        }
    }

    @Test
    void aHandWrittenSerializerIsUsedAndTakesPartInTheSchemaId() {
        KryoCodec<Screen> hand = KryoCodec.builder(Screen.class).register(Item.class, 1, ItemSerializer::new).build();
        Screen screen = new Screen("home", List.of(new Item(5, 0.25), new Item(6, 0.5)), Map.of(), Set.of());
        byte[] bytes = hand.encode(screen);
        assertThat(hand.decode(bytes)).isEqualTo(screen);
        assertThat(hand.decode(direct(bytes))).isEqualTo(screen);
        // Fixed 8-byte ids instead of the generic varints: the bytes really come from the hand-written serializer.
        assertThat(bytes).isNotEqualTo(codec.encode(screen));
        assertThat(bytes.length).isGreaterThan(codec.encode(screen).length);
        // Its read failing on bad data is a codec error like any other.
        assertThatThrownBy(() -> hand.decode(hand.encode(new Screen("x", List.of(new Item(-3, 1)), Map.of(),
                Set.of())))).isInstanceOf(CodecException.class);

        KryoCodec<Screen> sameAgain = KryoCodec.builder(Screen.class).register(Item.class, 1, ItemSerializer::new)
                .build();
        KryoCodec<Screen> nextVersion = KryoCodec.builder(Screen.class).register(Item.class, 2, ItemSerializer::new)
                .build();
        KryoCodec<Screen> otherSerializer = KryoCodec.builder(Screen.class)
                .register(Item.class, 1, OtherItemSerializer::new).build();
        assertThat(sameAgain.schemaId()).isEqualTo(hand.schemaId());
        assertThat(Set.of(codec.schemaId(), hand.schemaId(), nextVersion.schemaId(), otherSerializer.schemaId()))
                .hasSize(4);
        // Registering a class first and its serializer later keeps its place in the order, so the same format.
        KryoCodec<Screen> registeredFirst = KryoCodec.builder(Screen.class).register(Item.class)
                .register(Item.class, 1, ItemSerializer::new).build();
        assertThat(registeredFirst.schemaId()).isEqualTo(hand.schemaId());
    }

    @Test
    void eachPooledKryoGetsItsOwnHandWrittenSerializer() throws Exception {
        KryoCodec<Screen> hand = KryoCodec.builder(Screen.class).register(Item.class, 1, ItemSerializer::new).build();
        int before = ItemSerializer.CREATED.get();
        Screen screen = new Screen("home", List.of(new Item(5, 0.25)), Map.of(), Set.of());
        byte[] bytes = hand.encode(screen);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch together = new CountDownLatch(4);
            List<Future<Screen>> decoded = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                decoded.add(pool.submit(() -> {
                    together.countDown();
                    together.await(5, TimeUnit.SECONDS);
                    Screen last = null;
                    for (int i = 0; i < 2_000; i++) {
                        last = hand.decode(bytes);
                    }
                    return last;
                }));
            }
            for (Future<Screen> f : decoded) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(screen);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ItemSerializer.CREATED.get() - before).isPositive();
    }

    @Test
    void aHandWrittenSerializerCannotReplaceABuiltInOne() {
        assertThatThrownBy(() -> KryoCodec.builder(Screen.class).register(ArrayList.class, 1, OtherListSerializer::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built-in");
    }

    @SuppressWarnings("rawtypes")
    static final class OtherListSerializer extends Serializer<ArrayList> {
        @Override
        public void write(Kryo kryo, Output output, ArrayList list) {
            output.writeVarInt(0, true);
        }

        @Override
        public ArrayList read(Kryo kryo, Input input, Class<? extends ArrayList> type) {
            input.readVarInt(true);
            return new ArrayList();
        }
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
