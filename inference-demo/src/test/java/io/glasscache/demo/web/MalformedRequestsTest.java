package io.glasscache.demo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/**
 * What the reliability suite's fuzzing found in the web layer, over real sockets on both ports: a wrong method is a
 * 405 with {@code Allow} (it was a 404), HEAD is a GET without the body, a path that begins with {@code //} is a 404
 * (it was a 500), a malformed {@code Content-Type} on the chaos controls is a 400 (it was a 500), and a body Netty
 * cannot decode, or a client gone in the middle of its body, is no 500 counted by the server; and an Accept header
 * Spring cannot parse is disregarded (it made a 404 a 500).
 */
@AutoConfigureObservability
class MalformedRequestsTest extends BothPortsOverSocketsTest {

    private static final String API = "/api/v1/recommendations?userId=u1&scene=home";

    @Autowired
    MeterRegistry registry;

    @Test
    void aWrongMethodIsA405NamingTheAllowedOnes() throws IOException {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "TRACE", "BREW"}) {
            String answer = exchange(port, method + " " + API + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(answer).as(method).startsWith("HTTP/1.1 405").containsIgnoringCase("allow: GET, HEAD")
                    .contains("application/problem+json").contains("\"status\":405");
        }
        String chaos = exchange(managementPort, "POST /admin/chaos/feature-store HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(chaos).startsWith("HTTP/1.1 405").containsIgnoringCase("allow: GET, HEAD, PUT, DELETE");
        assertThat(exchange(port, "POST /no/such/path HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Length: 0\r\n\r\n")).as("elsewhere a 404 still").startsWith("HTTP/1.1 404");
    }

    @Test
    void headIsAGetWithoutTheBody() throws IOException {
        String head = exchange(port, "HEAD " + API + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200").contains("application/json").doesNotContain("\"items\"");
        assertThat(exchange(managementPort, "HEAD /admin/chaos/feature-store HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aPathThatReadsAsAnAuthorityIsA404() throws IOException {
        for (int p : new int[] {port, managementPort}) {
            for (String target : new String[] {"//?&&&", "//", "//x/y"}) {
                String answer = exchange(p, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(answer).as(target).startsWith("HTTP/1.1 404").contains("\"instance\":\"/");
            }
        }
    }

    @Test
    void anAcceptHeaderSpringCannotParseIsDisregarded() throws IOException {
        // parsing this throws StringIndexOutOfBoundsException in Spring 6.2, not InvalidMimeTypeException
        String accept = "\"n6R*P9N21'ab/\\O^\\PC+=jxyZaqqM";
        for (int p : new int[] {port, managementPort}) {
            assertThat(exchange(p, "GET //%40q HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: " + accept
                    + "\r\n\r\n")).startsWith("HTTP/1.1 404");
        }
        assertThat(exchange(port, "GET " + API + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: " + accept
                + "\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(exchange(port, "GET /api/v1/recommendations?scene=home HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nAccept: " + accept + "\r\n\r\n")).startsWith("HTTP/1.1 400");
    }

    @Test
    void aMalformedContentTypeOnTheChaosControlsIsA400() throws IOException {
        for (String type : new String[] {"i0DXSS@g-E%8nurh6OX~", "4(;rODuF8<\"UKdi_ye}q", "/", "a/b; c"}) {
            String answer = exchange(managementPort, "PUT /admin/chaos/feature-store HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\nContent-Type: " + type + "\r\nContent-Length: 16\r\n\r\n"
                    + "{\"latencyMs\":1}");
            assertThat(answer).as(type).startsWith("HTTP/1.1 400").contains("\"field\":\"body\"");
        }
    }

    @Test
    void aBodyNettyCannotDecodeOrAClientGoneMidBodyIsNoServerError() throws IOException {
        long before = exchanges();
        int sent = 0;
        for (int i = 0; i < 10; i++) { // bounded, one at a time
            for (int p : new int[] {port, managementPort}) {
                String target = p == port ? API : "/actuator/info";
                String answer = exchange(p, "GET " + target + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "\r\nZZ\r\nabc\r\n0\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 "); // Netty's 400, or the handler's answer if it was first
                sent++;
            }
        }
        for (int i = 0; i < 10; i++) { // a client gone in the middle of its body
            sendAndLeave(managementPort, "PUT /admin/chaos/feature-store HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 100\r\n\r\n{\"latencyMs\":");
            sent++;
        }
        long expected = before + sent;
        Awaitility.await("every exchange recorded").atMost(Duration.ofSeconds(20))
                .until(() -> exchanges() >= expected);
        assertThat(registry.find("http.server.requests").tag("status", "500").timers()).as(() -> "500s counted: "
                + registry.find("http.server.requests").tag("status", "500").timers().stream()
                        .map(t -> t.getId().getTags() + " " + t.count()).toList())
                .allSatisfy(t -> assertThat(t.count()).isZero());
    }

    /** Sends {@code request} and resets the connection at once. */
    private static void sendAndLeave(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }
    }

    private long exchanges() {
        return registry.find("http.server.requests").timers().stream().mapToLong(Timer::count).sum();
    }

    /** Sends {@code request} as is and returns what came back until the server closed. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // what arrived before a reset is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
