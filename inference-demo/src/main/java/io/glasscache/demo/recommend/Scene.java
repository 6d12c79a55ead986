package io.glasscache.demo.recommend;

import io.glasscache.cache.FailoverKey;

/**
 * A resolved scene: {@code home}, or one segment of a composite scene such as {@code destination:42}.
 *
 * @param group      the configured scene name (also the failover key's group and the metric tag)
 * @param segment    the segment id of a composite scene, {@code ""} otherwise
 * @param candidates how many items recall returns
 */
public record Scene(String group, String segment, int candidates) {

    /** The scene as requested, {@code group} or {@code group:segment}. */
    public String id() {
        return segment.isEmpty() ? group : group + ':' + segment;
    }

    /** Last-good screens are kept per scene, and per segment for composite scenes. */
    public FailoverKey failoverKey() {
        return segment.isEmpty() ? FailoverKey.of(group) : FailoverKey.of(group, segment);
    }

    /** Number of screens of {@code size} items the scene has. */
    public int pages(int size) {
        return (candidates + size - 1) / size;
    }
}
