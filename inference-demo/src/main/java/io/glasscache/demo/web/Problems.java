package io.glasscache.demo.web;

import java.net.URI;
import java.net.URISyntaxException;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Turns bad input into an RFC 9457 problem with a {@code field} member naming the offending parameter, counted by
 * field (a fixed set of names) and logged at DEBUG. The one place both the functional recommendation route and the
 * annotated controllers' {@link ProblemHandler} render bad input.
 */
@Component
public class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    static final URI INVALID_REQUEST = URI.create("https://glasscache.io/problems/invalid-request");

    private final MeterRegistry registry;

    public Problems(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The 400 problem for {@code e}, seen on request path {@code path}; counts and logs it. */
    public ProblemDetail invalid(InvalidRequestException e, String path) {
        countInvalid(e.field());
        log.debug("400 {} {}: {}", path, e.field(), e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setInstance(instance(path));
        problem.setProperty("field", e.field());
        return problem;
    }

    /**
     * 405 for a method {@code request}'s route does not take, as a problem with the methods it does take in
     * {@code Allow} (e.g. {@code "GET, HEAD"}); counted as field {@code method}.
     */
    public Mono<ServerResponse> methodNotAllowed(ServerRequest request, String allow) {
        countInvalid("method");
        log.debug("405 {} {}", request.method(), request.path());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED,
                request.method().name() + " is not supported here; use " + allow);
        problem.setInstance(instance(request.path()));
        return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, allow)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
    }

    /** Counts a 4xx the framework rendered itself (unreadable body, wrong method): field {@code request}. */
    void countInvalid(String field) {
        registry.counter("demo.invalid.requests", "field", field).increment();
    }

    /**
     * A problem's {@code instance} for request path {@code path}. A path that begins with {@code //} would read as
     * a URI authority ({@code URI.create("//")} throws), so its leading slashes become one; a path that is no valid
     * URI reference is quoted.
     */
    static URI instance(String path) {
        String relative = path.startsWith("//") ? "/" + path.replaceFirst("^/+", "") : path;
        try {
            return URI.create(relative);
        } catch (IllegalArgumentException notAUri) {
            try {
                return new URI(null, null, relative, null);
            } catch (URISyntaxException e) {
                return URI.create("/");
            }
        }
    }
}
