package io.glasscache.demo.recommend;

import java.util.List;
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
    /** Per scene id; bounded by the configured scenes and segments. */
    private final Map<String, List<Long>> recalled = new ConcurrentHashMap<>();

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
        if (spec.segments() == 0 || !isSegmentNumber(segment) || Integer.parseInt(segment) > spec.segments()) {
            return Optional.empty();
        }
        return Optional.of(new Scene(group, segment, spec.candidates()));
    }

    /** {@code [1-9][0-9]{0,6}}, checked by hand: a regex would be compiled on every request. */
    private static boolean isSegmentNumber(String s) {
        if (s.isEmpty() || s.length() > 7 || s.charAt(0) < '1' || s.charAt(0) > '9') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** One scene per configured group, in name order: the group itself, or segment 1 of a composite one. */
    public List<Scene> representatives() {
        return scenes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Scene(e.getKey(), e.getValue().segments() > 0 ? "1" : "", e.getValue().candidates()))
                .toList();
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

    /** The scene's candidate item ids: distinct, stable across calls and processes; boxed once per scene. */
    public List<Long> candidates(Scene scene) {
        return recalled.computeIfAbsent(scene.id(), id -> recall(id, Math.min(scene.candidates(), items)));
    }

    private List<Long> recall(String sceneId, int count) {
        long seed = sceneId.hashCode() * 0x9E3779B97F4A7C15L;
        java.util.LinkedHashSet<Long> picked = new java.util.LinkedHashSet<>();
        for (long i = 0; picked.size() < count; i++) {
            long z = seed + (i + 1) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
            z ^= z >>> 29;
            picked.add(Math.floorMod(z, (long) items));
        }
        return List.copyOf(picked);
    }
}
