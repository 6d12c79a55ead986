package io.glasscache.cache;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The key of a {@link FailoverCache}: a business scene ({@code group}, e.g. {@code "home"}) and an optional finer
 * {@code segment} (e.g. a destination id). Metrics are tagged by group only, so groups must come from a bounded,
 * caller-known set (configuration, an enum); segments may be many, and the number of distinct keys a cache keeps is
 * capped ({@link FailoverCache.Builder#maxKeys(int)}).
 *
 * @param group   the business scene; non-blank, at most {@value #MAX_GROUP_BYTES} UTF-8 bytes
 * @param segment the segment within the group, {@code ""} for none; at most {@value #MAX_SEGMENT_BYTES} UTF-8 bytes
 */
public record FailoverKey(String group, String segment) {

    /** Longest group name, in UTF-8 bytes. */
    public static final int MAX_GROUP_BYTES = 128;
    /** Longest segment, in UTF-8 bytes. */
    public static final int MAX_SEGMENT_BYTES = 256;

    public FailoverKey {
        Objects.requireNonNull(group, "group");
        segment = segment == null ? "" : segment;
        if (group.isBlank()) {
            throw new IllegalArgumentException("failover key group must not be blank");
        }
        if (group.getBytes(StandardCharsets.UTF_8).length > MAX_GROUP_BYTES) {
            throw new IllegalArgumentException("failover key group longer than " + MAX_GROUP_BYTES + " bytes");
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("failover key segment longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
    }

    /** A key for a whole business scene. */
    public static FailoverKey of(String group) {
        return new FailoverKey(group, "");
    }

    /** A key for one segment (e.g. a destination id) of a business scene. */
    public static FailoverKey of(String group, String segment) {
        return new FailoverKey(group, segment);
    }

    /** Whether this key has a segment. */
    public boolean hasSegment() {
        return !segment.isEmpty();
    }

    /** The key of the whole group ({@code destination} for {@code destination:42}); this key if it has no segment. */
    public FailoverKey parent() {
        return segment.isEmpty() ? this : new FailoverKey(group, "");
    }

    /** {@code group} or {@code group:segment}; for logs, never for metric tags. */
    @Override
    public String toString() {
        return segment.isEmpty() ? group : group + ':' + segment;
    }
}
