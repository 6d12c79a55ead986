package io.glasscache.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack's exporter is no open proxy: a /scrape of a target outside its allowlist (the three ring nodes) is
 * refused before any connection is attempted. Listening sockets on 127.0.0.1 and ::1 stand where such targets
 * point, under every spelling of them tried here (names, other notations of the address, user info, paths,
 * several targets); none of them sees a connection. The watch itself is shown to work by one connection of the
 * test's own.
 */
@ExtendWith(StackExtension.class)
@Order(20)
class ScrapeAllowlistIT {

    @Test
    void aTargetOutsideTheAllowlistIsRefusedWithoutAConnection(Stack stack) throws Exception {
        try (ConnectionWatch v4 = new ConnectionWatch("127.0.0.1"); ConnectionWatch v6 = new ConnectionWatch("::1")) {
            int p = v4.port();
            List<String> targets = List.of("127.0.0.1:" + p, "localhost:" + p, "[::1]:" + v6.port(),
                    "ip6-localhost:" + v6.port(), "127.1:" + p, "2130706433:" + p, "0x7f.0.0.1:" + p,
                    "0177.0.0.1:" + p, "127.0.0.1:0" + p, "127.0.0.1:" + p + "/", "user@127.0.0.1:" + p,
                    "127.0.0.1:" + p + "#" + stack.memcached(0), "127.0.0.1.:" + p, " 127.0.0.1:" + p,
                    "127.0.0.1:" + p + " ", "LOCALHOST:" + p, "tcp://127.0.0.1:" + p, "127.000.000.001:" + p,
                    "[::ffff:127.0.0.1]:" + p, "[0:0:0:0:0:0:0:1]:" + v6.port());
            List<String> queries = new ArrayList<>();
            for (String target : targets) {
                queries.add("target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            }
            queries.add("target=127.0.0.1%3A" + p); // percent-encoded colon
            queries.add("target=" + stack.memcached(0) + "&target=127.0.0.1:" + p); // an allowed one first
            queries.add("target=127.0.0.1:" + p + "&target=" + stack.memcached(0));
            SoftAssertions soft = new SoftAssertions();
            List<String> seen = new ArrayList<>();
            for (String query : queries) {
                var response = Http.get(stack.exporter("/scrape?" + query), Duration.ofSeconds(5));
                seen.add(response.statusCode() + " " + query);
                soft.assertThat(response.statusCode()).as(query).isIn(400, 403);
            }
            // nothing more can arrive: the exporter answered every request before the assertions
            soft.assertThat(v4.accepted()).as("connections to 127.0.0.1:" + p + " after " + seen).isZero();
            soft.assertThat(v6.accepted()).as("connections to [::1]:" + v6.port()).isZero();
            Results.write("scrape-allowlist.txt", String.join("\n", seen) + "\n");

            // the watch sees a connection when there is one
            try (Socket own = new Socket("127.0.0.1", p)) {
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> v4.accepted() == 1);
            }
            // and an allowlisted node is scraped
            var allowed = Http.get(stack.exporter("/scrape?target=" + stack.memcached(0)));
            soft.assertThat(allowed.statusCode()).isEqualTo(200);
            soft.assertThat(Exposition.parse(allowed.body()).sum("memcached_up")).isEqualTo(1.0);
            soft.assertAll();
        }
        assertThat(Proc.alive(stack.pid("cache-exporter"))).isTrue();
    }
}
