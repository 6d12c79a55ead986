package io.glasscache.demo.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.HEAD;
import static org.springframework.web.reactive.function.server.RequestPredicates.PUT;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import io.glasscache.demo.feature.FeatureStoreChaos;
import io.glasscache.demo.feature.SimulatedFeatureStore;
import reactor.core.publisher.Mono;

/**
 * Fault injection into the simulated feature store, for demos and benchmarks: {@code /admin/chaos/feature-store}
 * on the management port only (never the public one), and only when {@code demo.chaos.enabled=true} (the default
 * {@code demo} profile). A management-context configuration: imported by the management server's context, never
 * component-scanned (see {@link io.glasscache.demo.InferenceDemoApplication}). See docs/demo.md.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demo.chaos.enabled", havingValue = "true")
public class ChaosRoutes {

    public static final String PATH = "/admin/chaos/feature-store";
    private static final Logger log = LoggerFactory.getLogger(ChaosRoutes.class);

    /** The request body; absent members mean 0. */
    public record ChaosRequest(Long latencyMs, Double errorRate) {
    }

    @Bean
    RouterFunction<ServerResponse> chaosRoutes(SimulatedFeatureStore store, Problems problems) {
        return RouterFunctions.route(GET(PATH).or(HEAD(PATH)), request -> json(store.chaos()))
                .andRoute(PUT(PATH), request -> set(request, store, problems))
                .andRoute(DELETE(PATH), request -> {
                    store.chaos(FeatureStoreChaos.NONE);
                    log.warn("feature store chaos reset");
                    return json(FeatureStoreChaos.NONE);
                })
                .andRoute(path(PATH), request -> problems.methodNotAllowed(request, "GET, HEAD, PUT, DELETE"));
    }

    private static Mono<ServerResponse> set(ServerRequest request, SimulatedFeatureStore store, Problems problems) {
        // deferred: reading the body parses Content-Type at once, and a malformed one throws right there
        return Mono.defer(() -> request.bodyToMono(ChaosRequest.class))
                .defaultIfEmpty(new ChaosRequest(null, null))
                .flatMap(body -> {
                    long latencyMs = body.latencyMs() == null ? 0 : body.latencyMs();
                    double errorRate = body.errorRate() == null ? 0 : body.errorRate();
                    if (latencyMs < 0 || latencyMs > 60_000) {
                        throw new InvalidRequestException("latencyMs", "latencyMs must be within 0..60000");
                    }
                    if (!(errorRate >= 0 && errorRate <= 1)) {
                        throw new InvalidRequestException("errorRate", "errorRate must be within 0..1");
                    }
                    FeatureStoreChaos chaos = new FeatureStoreChaos(latencyMs, errorRate);
                    store.chaos(chaos);
                    log.warn("feature store chaos set: latencyMs={} errorRate={}", latencyMs, errorRate);
                    return json(chaos);
                })
                .onErrorResume(InvalidRequestException.class, e -> problem(problems, e, request))
                .onErrorResume(e -> e instanceof DecodingException || e instanceof ServerWebInputException
                        || e instanceof UnsupportedMediaTypeStatusException || e instanceof InvalidMediaTypeException,
                        e -> problem(problems,
                        new InvalidRequestException("body", "the body must be JSON like {\"latencyMs\":80,"
                                + "\"errorRate\":0.3}"), request));
    }

    private static Mono<ServerResponse> json(FeatureStoreChaos chaos) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(chaos);
    }

    private static Mono<ServerResponse> problem(Problems problems, InvalidRequestException e,
            ServerRequest request) {
        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problems.invalid(e, request.path()));
    }
}
