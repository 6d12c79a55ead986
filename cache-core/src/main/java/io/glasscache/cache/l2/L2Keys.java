package io.glasscache.cache.l2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Memcached keys: at most 250 bytes, no spaces or control characters. A key is {@code namespace:version:k:raw} when
 * the raw key is printable ASCII and fits, else {@code namespace:version:h:<SHA-256, base64url>}; the {@code k}/
 * {@code h} marker keeps the two forms from ever colliding, and nothing is truncated.
 */
public final class L2Keys {

    static final int MAX_KEY_BYTES = 250;

    private L2Keys() {
    }

    public static String key(String namespace, long version, String raw) {
        String prefix = namespace + ':' + version + ':';
        if (prefix.length() + 2 + raw.length() <= MAX_KEY_BYTES && isPrintableAscii(raw)) {
            return prefix + "k:" + raw;
        }
        return prefix + "h:" + sha256(raw);
    }

    public static String versionKey(String namespace) {
        return namespace + ":__version";
    }

    static boolean isPrintableAscii(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(String raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
