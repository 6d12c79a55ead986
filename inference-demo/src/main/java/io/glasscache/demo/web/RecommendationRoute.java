package io.glasscache.demo.web;

import io.glasscache.demo.recommend.Recommendation;
import io.glasscache.demo.recommend.RecommendationService;
import io.glasscache.demo.recommend.Scene;
import io.glasscache.demo.recommend.SceneCatalog;
import io.netty.channel.EventLoop;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

/**
 * {@code GET /api/v1/recommendations} (see docs/demo.md) as a functional route: the hot path of the demo, so it skips
 * the annotated-controller machinery (argument resolvers, annotation lookups, content negotiation per call), which
 * measured as a large share of the CPU per request. Parameters are read as strings and validated here, so that
 * every malformed value gets a 400 problem naming it. HEAD is answered as GET without the body; other methods get
 * 405 with {@code Allow}.
 */
@Configuration(proxyBeanMethods = false)
public class RecommendationRoute {

    public static final String PATH = "/api/v1/recommendations";
    static final int MAX_USER_ID_LENGTH = 128;
    static final int MAX_SIZE = 100;
    static final int DEFAULT_SIZE = 10;

    @Bean
    RouterFunction<ServerResponse> recommendationRoutes(RecommendationService service, SceneCatalog scenes,
            Problems problems) {
        return RouterFunctions.route(GET(PATH).or(HEAD(PATH)), request -> recommend(request, service, scenes,
                        problems))
                .andRoute(path(PATH), request -> problems.methodNotAllowed(request, "GET, HEAD"));
    }

    private static Mono<ServerResponse> recommend(ServerRequest request, RecommendationService service,
            SceneCatalog scenes, Problems problems) {
        String user;
        Scene scene;
        int page;
        int size;
        try {
            MultiValueMap<String, String> params = request.queryParams();
            user = validUserId(params.getFirst("userId"));
            String sceneId = params.getFirst("scene");
            scene = scenes.resolve(sceneId).orElseThrow(() -> new InvalidRequestException("scene",
                    sceneId == null || sceneId.isEmpty() ? "scene is required; one of: " + scenes.describe()
                            : "unknown scene; one of: " + scenes.describe()));
            page = intParam("page", params.getFirst("page"), 0, 0, 1_000_000);
            size = intParam("size", params.getFirst("size"), DEFAULT_SIZE, 1, MAX_SIZE);
        } catch (InvalidRequestException e) {
            return badRequest(problems, e, request);
        } catch (IllegalArgumentException e) { // a query string that cannot be decoded
            return badRequest(problems, new InvalidRequestException("request", "malformed request: "
                    + e.getMessage()), request);
        }
        EventLoop connectionLoop = eventLoopOf(request);
        return Mono.fromFuture(() -> service.recommend(user, scene, page, size))
                .flatMap(body -> onConnectionLoop(body, connectionLoop))
                .flatMap(body -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }

    /**
     * The answer goes on to be encoded and written on the event loop of the request's own connection. It may
     * complete elsewhere: on the budget's timer thread after a timeout, the memcached I/O thread, the feature store's
     * completion threads. Encoding there would hold up the next timeouts or I/O behind it (under a burst of timeouts
     * the single timer thread had turned into a queue of JSON encodings). And a response finished off the connection's
     * loop lets the client's next keep-alive request arrive before Reactor Netty has ended the previous exchange:
     * Reactor Netty 1.2.18 then buffers that request and, now and then, never reads the connection again (the load
     * generator saw requests on kept-alive connections go unanswered for seconds). When the connection's loop is
     * unknown (not Reactor Netty), a background completion moves to the parallel scheduler instead.
     */
    static Mono<Recommendation> onConnectionLoop(Recommendation body, EventLoop connectionLoop) {
        if (connectionLoop != null) {
            return connectionLoop.inEventLoop() ? Mono.just(body)
                    : Mono.create(sink -> connectionLoop.execute(() -> sink.success(body)));
        }
        Mono<Recommendation> answer = Mono.just(body);
        return Schedulers.isInNonBlockingThread() ? answer : answer.publishOn(Schedulers.parallel());
    }

    /** The event loop of the request's connection when the server is Reactor Netty, else null. */
    private static EventLoop eventLoopOf(ServerRequest request) {
        Object nativeRequest;
        try {
            nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request.exchange().getRequest());
        } catch (IllegalStateException e) { // a mock request in tests: no server, no connection
            return null;
        }
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }

    private static Mono<ServerResponse> badRequest(Problems problems, InvalidRequestException e,
            ServerRequest request) {
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problems.invalid(e, request.path()));
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

    /** {@code [+-]?[0-9]{1,9}}, checked by hand: a regex would be compiled on every request. */
    private static boolean isShortInteger(String value) {
        int start = !value.isEmpty() && (value.charAt(0) == '+' || value.charAt(0) == '-') ? 1 : 0;
        int digits = value.length() - start;
        if (digits < 1 || digits > 9) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static int intParam(String field, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (!isShortInteger(value)) {
            throw new InvalidRequestException(field, field + " must be an integer within " + min + ".." + max);
        }
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
            throw new InvalidRequestException(field, field + " must be within " + min + ".." + max);
        }
        return parsed;
    }
}
