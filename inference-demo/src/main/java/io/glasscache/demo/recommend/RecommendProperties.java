package io.glasscache.demo.recommend;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The recommender ({@code demo.recommend.*}).
 *
 * @param scenes    the scenes served, by name; a scene with {@code segments > 0} is composite and is requested as
 *                  {@code name:<id>} with {@code 1 <= id <= segments} (e.g. {@code destination:42})
 * @param modelSeed seed of the scoring model's weights
 */
@ConfigurationProperties("demo.recommend")
public record RecommendProperties(Map<String, SceneSpec> scenes, @DefaultValue("42") long modelSeed) {

    /**
     * One configured scene.
     *
     * @param candidates items recalled for the scene (per segment for a composite scene)
     * @param segments   0 for a plain scene, else the number of segment ids of a composite scene
     */
    public record SceneSpec(@DefaultValue("200") int candidates, @DefaultValue("0") int segments) {

        public SceneSpec {
            if (candidates < 1 || candidates > 10_000) {
                throw new IllegalArgumentException("demo.recommend.scenes.*.candidates must be within 1..10000");
            }
            if (segments < 0 || segments > 1_000_000) {
                throw new IllegalArgumentException("demo.recommend.scenes.*.segments must be within 0..1000000");
            }
        }
    }

    public RecommendProperties {
        if (scenes == null || scenes.isEmpty()) {
            scenes = defaultScenes();
        }
        for (String name : scenes.keySet()) {
            if (!name.matches("[a-z][a-z0-9_-]{0,31}")) {
                throw new IllegalArgumentException("scene name must match [a-z][a-z0-9_-]{0,31}: " + name);
            }
        }
        scenes = Map.copyOf(scenes);
    }

    /** {@code home} (300 candidates), {@code video} (200) and composite {@code destination:<1..1000>} (120 each). */
    public static Map<String, SceneSpec> defaultScenes() {
        Map<String, SceneSpec> scenes = new LinkedHashMap<>();
        scenes.put("home", new SceneSpec(300, 0));
        scenes.put("video", new SceneSpec(200, 0));
        scenes.put("destination", new SceneSpec(120, 1000));
        return scenes;
    }
}
