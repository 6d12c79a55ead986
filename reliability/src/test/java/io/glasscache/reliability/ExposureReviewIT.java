package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The security review's black-box checks on the running stack: actuator only on the management port, exposing
 * health, prometheus and info and nothing else; the chaos controls only on the management port; every socket the
 * stack's processes listen on bound to loopback, memcached without UDP.
 */
@ExtendWith(StackExtension.class)
@Order(10)
class ExposureReviewIT {

    private static final List<String> SENSITIVE = List.of("env", "beans", "configprops", "heapdump", "threaddump",
            "loggers", "mappings", "metrics", "shutdown", "scheduledtasks", "caches", "conditions", "httpexchanges",
            "startup", "sbom", "auditevents", "flyway", "liquibase", "sessions", "quartz", "logfile",
            "circuitbreakers", "circuitbreakerevents", "ratelimiters", "retries", "bulkheads", "timelimiters");

    @Test
    void actuatorOnlyOnTheManagementPortWithHealthPrometheusAndInfo(Stack stack) {
        SoftAssertions soft = new SoftAssertions();
        JsonNode links = Http.json(stack.management("/actuator")).path("_links");
        Set<String> exposed = new TreeSet<>();
        links.fieldNames().forEachRemaining(exposed::add);
        soft.assertThat(exposed).containsExactlyInAnyOrder("self", "health", "health-path", "prometheus", "info");
        for (String endpoint : SENSITIVE) {
            soft.assertThat(Http.get(stack.management("/actuator/" + endpoint)).statusCode())
                    .as("management /actuator/" + endpoint).isEqualTo(404);
        }
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/info",
                "/actuator/env", "/actuator/health/liveness")) {
            soft.assertThat(Http.get(stack.demo(path)).statusCode()).as("public port " + path).isEqualTo(404);
        }
        soft.assertAll();
    }

    @Test
    void chaosControlsOnlyOnTheManagementPort(Stack stack) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(Http.get(stack.management(Demo.CHAOS)).statusCode()).isEqualTo(200);
        soft.assertThat(Http.get(stack.demo(Demo.CHAOS)).statusCode()).as("GET on the public port").isEqualTo(404);
        soft.assertThat(Http.put(stack.demo(Demo.CHAOS), "{\"errorRate\":1}").statusCode())
                .as("PUT on the public port").isEqualTo(404);
        soft.assertThat(Http.delete(stack.demo(Demo.CHAOS)).statusCode()).as("DELETE on the public port")
                .isEqualTo(404);
        soft.assertThat(new Demo(stack).chaos().path("errorRate").asDouble()).as("nothing was set").isZero();
        soft.assertAll();
    }

    @Test
    void everyListeningSocketOfTheStackIsOnLoopback(Stack stack) throws IOException {
        Map<Long, String> listeners = listeningSockets("tcp", "tcp6");
        Map<Long, String> udp = boundSockets("udp", "udp6");
        Map<String, List<String>> byService = new TreeMap<>();
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, Long> service : stack.pids().entrySet()) {
            List<String> addresses = new ArrayList<>();
            for (long inode : socketInodes(service.getValue())) {
                if (listeners.containsKey(inode)) {
                    addresses.add(listeners.get(inode));
                }
                if (service.getKey().startsWith("memcached") && udp.containsKey(inode)) {
                    soft.fail(service.getKey() + " has a UDP socket " + udp.get(inode));
                }
            }
            byService.put(service.getKey(), addresses);
            soft.assertThat(addresses).as(service.getKey() + " listens").isNotEmpty()
                    .allSatisfy(a -> assertThat(a).as(service.getKey()).matches("(127\\.0\\.0\\.1|::1):\\d+"));
        }
        Results.write("listeners.txt", byService.toString() + "\n");
        soft.assertAll();
    }

    /** Listening TCP sockets by inode, as "address:port", from /proc/net/tcp{,6}. */
    static Map<Long, String> listeningSockets(String... tables) throws IOException {
        return sockets(true, tables);
    }

    /** Every socket of the tables by inode (for UDP: bound ones). */
    static Map<Long, String> boundSockets(String... tables) throws IOException {
        return sockets(false, tables);
    }

    private static Map<Long, String> sockets(boolean listeningOnly, String... tables) throws IOException {
        Map<Long, String> sockets = new TreeMap<>();
        for (String table : tables) {
            List<String> lines = Files.readAllLines(Path.of("/proc/net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!listeningOnly || f[3].equals("0A")) { // 0A: LISTEN
                    sockets.put(Long.parseLong(f[9]), address(f[1]));
                }
            }
        }
        return sockets;
    }

    /** The socket inodes among a process's open files. */
    static Set<Long> socketInodes(long pid) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }

    /** /proc/net's hex "0100007F:2CAB" (or the IPv6 form) as "127.0.0.1:11435". */
    static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            return Integer.parseInt(ip.substring(6, 8), 16) + "." + Integer.parseInt(ip.substring(4, 6), 16) + "."
                    + Integer.parseInt(ip.substring(2, 4), 16) + "." + Integer.parseInt(ip.substring(0, 2), 16) + ":"
                    + port;
        }
        if (ip.equals("00000000000000000000000001000000")) {
            return "::1:" + port;
        }
        if (ip.startsWith("0000000000000000FFFF0000")) { // IPv4-mapped
            return address(ip.substring(24) + ":" + parts[1]);
        }
        return ip.equals("00000000000000000000000000000000") ? "[::]:" + port : ip + ":" + port;
    }
}
