package io.glasscache.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.glasscache.cache.codec.CodecException;
import io.glasscache.cache.store.FailoverStore;

/**
 * A failover cache's index over its byte store: each key has a fixed number of value slots, and slot {@code i} of a
 * key lives in the store under the key's bytes plus {@code i}. The index keeps, per slot, when its value was
 * recorded ({@code 0} = empty), which drives OLDEST replacement, sampling and snapshot timestamps. Thread-safe.
 */
final class FailoverSlots {

    /** Where an insert ended. */
    enum Outcome { STORED, TOO_LARGE, FULL, MAX_KEYS }

    /** Receives each held value, for snapshots. */
    interface Visitor {
        void value(byte[] group, byte[] segment, long recordedAt, byte[] value) throws java.io.IOException;
    }

    private final FailoverStore store;
    private final ConcurrentHashMap<FailoverKey, KeySlots> index = new ConcurrentHashMap<>();
    private final List<Map.Entry<Pattern, Integer>> valuesPerGroup = new ArrayList<>();
    private final int valuesPerKey;
    private final int maxKeys;
    private final ReplacementPolicy policy;
    private final AtomicLong entries = new AtomicLong();

    FailoverSlots(FailoverStore store, int valuesPerKey, Map<String, Integer> valuesPerGroup, int maxKeys,
            ReplacementPolicy policy) {
        this.store = store;
        this.valuesPerKey = valuesPerKey;
        valuesPerGroup.forEach((glob, n) -> this.valuesPerGroup.add(Map.entry(globToRegex(glob), n)));
        this.maxKeys = maxKeys;
        this.policy = policy;
    }

    long keys() {
        return index.size();
    }

    long entries() {
        return entries.get();
    }

    /** Puts {@code payload} into one of {@code key}'s slots (writer threads and restore). */
    Outcome insert(FailoverKey key, long recordedAt, byte[] payload) {
        KeySlots slots = index.get(key);
        if (slots == null) {
            synchronized (index) {
                slots = index.get(key);
                if (slots == null) {
                    if (index.size() >= maxKeys) {
                        return Outcome.MAX_KEYS;
                    }
                    slots = new KeySlots(key, valuesFor(key.group()));
                    index.put(key, slots);
                }
            }
        }
        synchronized (slots) {
            int slot = chooseSlot(slots);
            byte[] storeKey = slots.storeKey(slot);
            boolean wasFilled = slots.recordedAt.get(slot) != 0;
            FailoverStore.PutResult result = store.put(storeKey, payload);
            if (result == FailoverStore.PutResult.STORED) {
                slots.recordedAt.set(slot, Math.max(1, recordedAt));
                if (!wasFilled) {
                    entries.incrementAndGet();
                }
                return Outcome.STORED;
            }
            if (wasFilled && store.get(storeKey) == null) { // a failed replacement may have freed the old value
                slots.recordedAt.set(slot, 0);
                entries.decrementAndGet();
            }
            return result == FailoverStore.PutResult.TOO_LARGE ? Outcome.TOO_LARGE : Outcome.FULL;
        }
    }

    /**
     * A random held value of {@code key}, decoded, or null. A value that fails to decode is dropped and reported to
     * {@code corrupt}; the next slot is tried.
     */
    <V> V sample(FailoverKey key, Function<ByteBuffer, V> decoder, java.util.function.Consumer<CodecException> corrupt) {
        KeySlots slots = index.get(key);
        if (slots == null) {
            return null;
        }
        int n = slots.recordedAt.length();
        int first = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            int slot = (first + i) % n;
            if (slots.recordedAt.get(slot) == 0) {
                continue;
            }
            byte[] storeKey = slots.storeKey(slot);
            try {
                V value = store.read(storeKey, decoder); // no byte[] allocated for the stored bytes
                if (value != null) {
                    return value;
                }
            } catch (CodecException e) {
                corrupt.accept(e);
                synchronized (slots) {
                    if (slots.recordedAt.get(slot) != 0) {
                        store.remove(storeKey);
                        slots.recordedAt.set(slot, 0);
                        entries.decrementAndGet();
                    }
                }
            }
        }
        return null;
    }

    /** Hands every held value to {@code visitor} (a copy of its bytes), for a snapshot. */
    void forEach(Visitor visitor) throws java.io.IOException {
        for (KeySlots slots : index.values()) {
            for (int i = 0; i < slots.recordedAt.length(); i++) {
                long at = slots.recordedAt.get(i);
                if (at == 0) {
                    continue;
                }
                byte[] value = store.get(slots.storeKey(i));
                if (value != null) {
                    visitor.value(slots.group, slots.segment, at, value);
                }
            }
        }
    }

    private int chooseSlot(KeySlots slots) {
        int n = slots.recordedAt.length();
        int oldest = 0;
        long oldestAt = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long at = slots.recordedAt.get(i);
            if (at == 0) {
                return i;
            }
            if (at < oldestAt) {
                oldestAt = at;
                oldest = i;
            }
        }
        return policy == ReplacementPolicy.OLDEST ? oldest : ThreadLocalRandom.current().nextInt(n);
    }

    private int valuesFor(String group) {
        for (Map.Entry<Pattern, Integer> entry : valuesPerGroup) {
            if (entry.getKey().matcher(group).matches()) {
                return entry.getValue();
            }
        }
        return valuesPerKey;
    }

    /** An exact group name, or a glob where {@code *} matches any run of characters. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        String[] parts = glob.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** One key's value slots: store-key prefix and when each slot was recorded (0 = empty). */
    private static final class KeySlots {
        final byte[] group;
        final byte[] segment;
        final byte[] prefix;
        final AtomicLongArray recordedAt;

        KeySlots(FailoverKey key, int values) {
            this.group = key.group().getBytes(StandardCharsets.UTF_8);
            this.segment = key.segment().getBytes(StandardCharsets.UTF_8);
            this.prefix = ByteBuffer.allocate(4 + group.length + segment.length)
                    .putShort((short) group.length).put(group).putShort((short) segment.length).put(segment)
                    .array();
            this.recordedAt = new AtomicLongArray(values);
        }

        byte[] storeKey(int slot) {
            byte[] key = new byte[prefix.length + 2];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            key[prefix.length] = (byte) (slot >>> 8);
            key[prefix.length + 1] = (byte) slot;
            return key;
        }
    }
}
