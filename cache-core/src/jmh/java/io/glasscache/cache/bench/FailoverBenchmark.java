package io.glasscache.cache.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.glasscache.cache.codec.KryoCodec;
import io.glasscache.cache.FailoverCache;
import io.glasscache.cache.FailoverKey;
import io.glasscache.cache.StoreType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Failover cache request-path costs: {@code sample} of a ~10 KB screen including Kryo decode (baseline: the decode
 * alone), {@code record} on the caller's thread, and writer throughput (encode + store, records per second).
 *
 * <p>{@code codec}: {@code RECORD} is the generic path every user gets (records by {@code KryoRecordSerializer});
 * {@code HAND_WRITTEN} registers a hand-written Kryo serializer for the screen, the way a Kryo user tunes a hot type.
 *
 * <pre>
 * java -jar benchmarks.jar 'FailoverBenchmark.(decodeOnly|sample)$' -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FailoverBenchmark {

    /** A recommendation "screen": what the demo stores. */
    public record Item(long id, String title, double score) {
    }

    /** A screen of items. */
    public record Screen(String scene, List<Item> items) {
    }

    /**
     * A hand-written serializer for {@link Screen}: the scene, the item count, then each item's fields inline (no
     * per-element class id). Kryo's own string format; the count is checked against the bytes left.
     */
    static final class ScreenSerializer extends Serializer<Screen> {
        ScreenSerializer() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Screen screen) {
            output.writeString(screen.scene());
            output.writeVarInt(screen.items().size(), true);
            for (Item item : screen.items()) {
                output.writeVarLong(item.id(), true);
                output.writeString(item.title());
                output.writeDouble(item.score());
            }
        }

        @Override
        public Screen read(Kryo kryo, Input input, Class<? extends Screen> type) {
            String scene = input.readString();
            int count = input.readVarInt(true);
            if (count < 0 || count > input.limit() - input.position()) {
                throw new KryoException("corrupt item count " + count);
            }
            List<Item> items = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                items.add(new Item(input.readVarLong(true), input.readString(), input.readDouble()));
            }
            return new Screen(scene, items);
        }
    }

    public enum Codec { RECORD, HAND_WRITTEN }

    @Param({"OFF_HEAP", "HEAP"})
    public StoreType store;

    @Param({"RECORD", "HAND_WRITTEN"})
    public Codec codecKind;

    private KryoCodec<Screen> codec;
    private FailoverCache<Screen> cache;
    private FailoverCache<Screen> recordCache;
    private final FailoverKey key = FailoverKey.of("home");
    private Screen screen;
    private byte[] encoded;

    @Setup(Level.Trial)
    public void setUp() {
        codec = codecKind == Codec.RECORD
                ? KryoCodec.builder(Screen.class).register(Item.class).build()
                : KryoCodec.builder(Screen.class).register(Screen.class, 1, ScreenSerializer::new).build();
        screen = screen(10_000);
        encoded = codec.encode(screen);
        cache = FailoverCache.builder("bench-sample", codec).store(store).capacity(64L * 1024 * 1024)
                .valuesPerKey(16).build();
        for (int i = 0; i < 16; i++) {
            cache.record(key, screen(10_000));
        }
        cache.awaitDrained(Duration.ofSeconds(10));
        recordCache = FailoverCache.builder("bench-record", codec).store(store).capacity(64L * 1024 * 1024)
                .queueCapacity(4096).valuesPerKey(16).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println("\nrecord(): " + recordCache.stats());
        cache.close();
        recordCache.close();
    }

    static Screen screen(int bytes) {
        List<Item> items = new ArrayList<>();
        for (long i = 0; items.size() * 60 < bytes; i++) {
            items.add(new Item(i * 7919, "item title number " + i + " for the home feed", i / 3.0));
        }
        return new Screen("home", items);
    }

    /** Baseline: Kryo decode of the same ~10 KB screen, no cache. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Screen decodeOnly() {
        return codec.decode(encoded);
    }

    /** Random value of the key's set, read from the store and decoded. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optional<Screen> sample() {
        return cache.sample(key);
    }

    /** The caller's cost of record(): an offer to the bounded queue (accepted or, when full, dropped). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void record() {
        recordCache.record(key, screen);
    }

    /** Writer throughput: 1000 records queued, then waited for until encoded and stored. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(1000)
    public void writerThroughput() {
        for (int i = 0; i < 1000; i++) {
            recordCache.record(key, screen);
        }
        recordCache.awaitDrained(Duration.ofSeconds(30));
    }
}
