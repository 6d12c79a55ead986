package io.glasscache.demo.web;

import java.net.URI;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

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
        problem.setInstance(URI.create(path));
        problem.setProperty("field", e.field());
        return problem;
    }

    /** Counts a 4xx the framework rendered itself (unreadable body, wrong method): field {@code request}. */
    void countInvalid(String field) {
        registry.counter("demo.invalid.requests", "field", field).increment();
    }
}
