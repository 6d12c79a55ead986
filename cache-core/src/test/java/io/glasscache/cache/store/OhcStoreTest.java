package io.glasscache.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In-place reads of the OHC store: what a reader sees, and that the entry is released after it. OHC shows no count
 * of held references (its used-bytes figure drops at removal even while one is held), but releasing one also
 * invalidates the buffer it gave out: an invalidated buffer is the evidence that a read let go of its entry.
 */
class OhcStoreTest {

    private static final byte[] KEY = {0, 1, 'k', 0, 0};
    private final OhcStore store = new OhcStore(4L * 1024 * 1024, 2, 256 * 1024);

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] filled(int length, byte b) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, b);
        return bytes;
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void readGivesExactlyTheValueInPlaceOrNullWhenAbsent() {
        assertThat(store.read(KEY, OhcStoreTest::copy)).isNull();
        byte[] value = {9, 8, 7, 6, 5};
        assertThat(store.put(KEY, value)).isEqualTo(FailoverStore.PutResult.STORED);
        assertThat(store.read(KEY, ByteBuffer::isDirect)).isTrue();
        assertThat(store.read(KEY, OhcStoreTest::copy)).containsExactly(value);
        assertThat(store.read(KEY, OhcStoreTest::copy)).containsExactly(store.get(KEY));
        store.remove(KEY);
        assertThat(store.read(KEY, OhcStoreTest::copy)).isNull();
        assertThat(store.usedBytes()).isZero();
    }

    @Test
    void aBufferKeptPastTheReadIsInvalidatedNotLeftPointingAtFreedMemory() {
        store.put(KEY, filled(1000, (byte) 3));
        ByteBuffer kept = store.read(KEY, buffer -> buffer);
        assertThat(kept.limit()).isZero();
        assertThatThrownBy(kept::get).isInstanceOf(RuntimeException.class);
        store.remove(KEY);
        assertThat(store.usedBytes()).isZero();
    }

    @Test
    void aReaderThatThrowsStillReleasesTheEntry() {
        store.put(KEY, filled(1000, (byte) 4));
        List<ByteBuffer> seen = new ArrayList<>();
        assertThatThrownBy(() -> store.read(KEY, buffer -> {
            seen.add(buffer);
            throw new IllegalStateException("reader failed");
        })).hasMessage("reader failed");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).limit()).isZero();
        assertThat(store.read(KEY, OhcStoreTest::copy)).containsExactly(filled(1000, (byte) 4));
    }

    @Test
    void replacedAndRemovedUnderConcurrentReadersNeverShowsATornOrFreedValue() throws Exception {
        // Each value is its length's low byte repeated: a reader can tell a whole value from anything else.
        int[] lengths = {100, 5_000, 40_000, 777};
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong whole = new AtomicLong();
        AtomicLong absent = new AtomicLong();
        List<ByteBuffer> handedOut = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200_000 && System.nanoTime() < deadline; i++) {
                if (i % 5 == 4) {
                    store.remove(KEY);
                } else {
                    int length = lengths[i % lengths.length];
                    store.put(KEY, filled(length, (byte) length));
                }
            }
            stop.set(true);
        });
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (!stop.get() && System.nanoTime() < deadline) {
                Boolean ok = store.read(KEY, buffer -> {
                    if (handedOut.size() < 1_000) {
                        handedOut.add(buffer);
                    }
                    int length = buffer.remaining();
                    boolean known = Arrays.stream(lengths).anyMatch(l -> l == length);
                    for (int j = buffer.position(); j < buffer.limit(); j++) {
                        if (buffer.get(j) != (byte) length) {
                            return false;
                        }
                    }
                    return known;
                });
                if (ok == null) {
                    absent.incrementAndGet();
                } else {
                    assertThat(ok).as("a read saw a torn or unknown value").isTrue();
                    whole.incrementAndGet();
                }
            }
        });
        writer.get(10, TimeUnit.SECONDS);
        reader.get(10, TimeUnit.SECONDS);
        assertThat(whole.get()).isPositive();
        // Every read gave its reference back, also those that raced a replace or remove.
        assertThat(handedOut).isNotEmpty().allSatisfy(buffer -> assertThat(buffer.limit()).isZero());
        store.remove(KEY);
        assertThat(store.size()).isZero();
    }
}
