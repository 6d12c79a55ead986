package io.glasscache.demo.web;

import java.net.URI;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Renders bad input as RFC 9457 {@code application/problem+json} with a {@code field} member naming the offending
 * parameter, counts it by field (a fixed set) and logs it at DEBUG. Framework errors (unreadable body, wrong
 * method, unknown path) get problem details through the base class.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final URI INVALID_REQUEST = URI.create("https://glasscache.io/problems/invalid-request");

    private final MeterRegistry registry;

    public ProblemHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @ExceptionHandler(InvalidRequestException.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidRequestException e, ServerWebExchange exchange) {
        registry.counter("demo.invalid.requests", "field", e.field()).increment();
        log.debug("400 {} {}: {}", exchange.getRequest().getPath(), e.field(), e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        problem.setProperty("field", e.field());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Malformed query strings and the like that reach handlers as IllegalArgumentException. */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<ProblemDetail> illegal(IllegalArgumentException e, ServerWebExchange exchange) {
        return invalid(new InvalidRequestException("request", "malformed request: " + e.getMessage()), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body,
            org.springframework.http.HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            ServerWebExchange exchange) {
        if (status.is4xxClientError()) {
            registry.counter("demo.invalid.requests", "field", "request").increment();
            log.debug("{} {}: {}", status.value(), exchange.getRequest().getPath(), ex.getMessage());
        }
        return super.handleExceptionInternal(ex, body, headers, status, exchange);
    }
}
