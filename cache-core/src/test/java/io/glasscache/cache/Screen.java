package io.glasscache.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.glasscache.cache.codec.KryoCodec;

/** A test "screen" of recommended items that can check its own integrity. */
record Screen(String id, List<String> items, long checksum) {

    static Screen of(String id, List<String> items) {
        return new Screen(id, items, checksum(id, items));
    }

    /** A screen of roughly {@code bytes} encoded bytes. */
    static Screen sized(String id, int bytes) {
        List<String> items = new ArrayList<>();
        int each = 40;
        for (int i = 0; i * (each + 1) < bytes; i++) {
            StringBuilder item = new StringBuilder(id).append('-').append(i).append('-');
            while (item.length() < each) {
                item.append((char) ('a' + (item.length() + i) % 26));
            }
            items.add(item.toString());
        }
        return of(id, items);
    }

    boolean intact() {
        return checksum == checksum(id, items);
    }

    static KryoCodec<Screen> codec() {
        return KryoCodec.builder(Screen.class).build();
    }

    private static long checksum(String id, List<String> items) {
        CRC32C crc = new CRC32C();
        crc.update(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String item : items) {
            crc.update(0);
            crc.update(item.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return crc.getValue();
    }
}
