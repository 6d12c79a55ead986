package io.glasscache.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain requests to the stack with a deadline each; bodies as text. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri, Duration timeout) {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
    }

    static HttpResponse<String> get(URI uri) {
        return get(uri, Duration.ofSeconds(10));
    }

    static HttpResponse<String> put(URI uri, String json) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type",
                "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> delete(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).DELETE().build());
    }

    /** The body of a 200 as JSON; anything else is an error naming the status and body. */
    static JsonNode json(URI uri) {
        HttpResponse<String> response = get(uri);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
