package io.glasscache.demo.web;

import io.glasscache.demo.recommend.Recommendation;
import io.glasscache.demo.recommend.RecommendationService;
import io.glasscache.demo.recommend.Scene;
import io.glasscache.demo.recommend.SceneCatalog;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/recommendations}: see docs/demo.md. */
@RestController
public class RecommendationController {

    static final int MAX_USER_ID_LENGTH = 128;
    static final int MAX_SIZE = 100;
    static final int DEFAULT_SIZE = 10;

    private final RecommendationService service;
    private final SceneCatalog scenes;

    public RecommendationController(RecommendationService service, SceneCatalog scenes) {
        this.service = service;
        this.scenes = scenes;
    }

    // Parameters are taken as strings and validated here, so that every malformed value gets a 400 naming it.
    @GetMapping(path = "/api/v1/recommendations", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Recommendation> recommendations(@RequestParam(required = false) String userId,
            @RequestParam(required = false) String scene, @RequestParam(required = false) String page,
            @RequestParam(required = false) String size) {
        String user = validUserId(userId);
        Scene resolved = scenes.resolve(scene).orElseThrow(() -> new InvalidRequestException("scene",
                scene == null || scene.isEmpty() ? "scene is required; one of: " + scenes.describe()
                        : "unknown scene; one of: " + scenes.describe()));
        int pageNumber = intParam("page", page, 0, 0, 1_000_000);
        int pageSize = intParam("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        return Mono.fromFuture(() -> service.recommend(user, resolved, pageNumber, pageSize));
    }

    static String validUserId(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new InvalidRequestException("userId", "userId is required");
        }
        if (userId.length() > MAX_USER_ID_LENGTH) {
            throw new InvalidRequestException("userId", "userId must be at most " + MAX_USER_ID_LENGTH
                    + " characters");
        }
        if (userId.isBlank()) {
            throw new InvalidRequestException("userId", "userId must not be blank");
        }
        for (int i = 0; i < userId.length(); i++) {
            char c = userId.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogatePair(userId, i)) {
                throw new InvalidRequestException("userId", "userId must not contain control characters "
                        + "or broken UTF-16");
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return userId;
    }

    private static boolean validSurrogatePair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    static int intParam(String field, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (!value.matches("[+-]?[0-9]{1,9}")) {
            throw new InvalidRequestException(field, field + " must be an integer within " + min + ".." + max);
        }
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
            throw new InvalidRequestException(field, field + " must be within " + min + ".." + max);
        }
        return parsed;
    }
}
