package io.glasscache.demo.recommend;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves requested scene names and recalls each scene's candidate items. Recall is deterministic (a hash of the
 * scene id picks distinct item ids), standing in for the upstream recall models of a real recommender.
 */
public final class SceneCatalog {

    private final Map<String, RecommendProperties.SceneSpec> scenes;
    private final int items;
    private final Map<String, long[]> recalled = new ConcurrentHashMap<>();

    public SceneCatalog(RecommendProperties properties, int items) {
        this.scenes = properties.scenes();
        this.items = items;
    }

    /** The scene for a requested id, or empty if it is not configured (or the segment is out of range). */
    public Optional<Scene> resolve(String requested) {
        if (requested == null) {
            return Optional.empty();
        }
        int colon = requested.indexOf(':');
        String group = colon < 0 ? requested : requested.substring(0, colon);
        RecommendProperties.SceneSpec spec = scenes.get(group);
        if (spec == null) {
            return Optional.empty();
        }
        if (colon < 0) {
            return spec.segments() == 0 ? Optional.of(new Scene(group, "", spec.candidates())) : Optional.empty();
        }
        String segment = requested.substring(colon + 1);
        if (spec.segments() == 0 || !segment.matches("[1-9][0-9]{0,6}")
                || Integer.parseInt(segment) > spec.segments()) {
            return Optional.empty();
        }
        return Optional.of(new Scene(group, segment, spec.candidates()));
    }

    /** The scene names a client may use, for error messages. */
    public String describe() {
        StringBuilder names = new StringBuilder();
        scenes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(e.getKey());
            if (e.getValue().segments() > 0) {
                names.append(":<1..").append(e.getValue().segments()).append('>');
            }
        });
        return names.toString();
    }

    /** The scene's candidate item ids: distinct, stable across calls and processes. Do not modify. */
    public long[] candidates(Scene scene) {
        return recalled.computeIfAbsent(scene.id(), id -> recall(id, Math.min(scene.candidates(), items)));
    }

    private long[] recall(String sceneId, int count) {
        long seed = sceneId.hashCode() * 0x9E3779B97F4A7C15L;
        java.util.LinkedHashSet<Long> picked = new java.util.LinkedHashSet<>();
        for (long i = 0; picked.size() < count; i++) {
            long z = seed + (i + 1) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
            z ^= z >>> 29;
            picked.add(Math.floorMod(z, (long) items));
        }
        return picked.stream().mapToLong(Long::longValue).toArray();
    }
}
