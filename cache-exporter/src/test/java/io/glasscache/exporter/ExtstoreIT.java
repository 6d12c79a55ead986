package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.glasscache.exporter.mapping.Family;
import io.glasscache.testing.MemcachedExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extstore families from a real memcached with external storage (Debian's memcached has extstore built in): more
 * values than its 64 MB of memory, so the storage thread writes the older ones to a file, and one read back.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ExtstoreIT {

    /** Under /tmp: writable by the memcached user, both on this machine and inside a container. */
    private static final Path EXT_FILE = Path.of("/tmp", "glasscache-extstore-" + UUID.randomUUID());
    private static final int VALUES = 20_000;
    private static final int VALUE_BYTES = 4000; // over ext_item_size: eligible for external storage

    @RegisterExtension
    static final MemcachedExtension MEMCACHED = MemcachedExtension.builder().memoryMb(64).extraArgs("-o",
            "ext_page_size=8,ext_wbuf_size=2,ext_threads=1,ext_item_size=512,ext_path=" + EXT_FILE + ":64m").build();

    @AfterAll
    static void removeTheStorageFile() throws IOException {
        Files.deleteIfExists(EXT_FILE);
    }

    @Test
    void everyExtstoreFamilyComesFromARealServerAndCanBeSwitchedOff() throws Exception {
        fill();
        try (ExporterHttp exporter = ExporterHttp.of(MEMCACHED.server().address())) {
            // the storage thread writes in the background
            Map<String, Double> samples = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> scrape(exporter), written -> written.getOrDefault(
                            "memcached_extstore_objects_written_total", 0.0) > 0);
            assertThat(samples).containsEntry("memcached_up", 1.0)
                    .containsEntry("memcached_exporter_parse_errors_total", 0.0)
                    .containsEntry("memcached_extstore_bytes_limit", 64.0 * 1024 * 1024);
            for (Family family : Family.values()) {
                if (family.group() == Family.Group.EXTSTORE) {
                    assertThat(samples).as("extstore family").containsKey(family.sampleName());
                }
            }
            assertThat(samples.get("memcached_extstore_objects_written_total")).isPositive();
            assertThat(samples.get("memcached_extstore_bytes_written_total")).isPositive();
            assertThat(samples.get("memcached_extstore_pages_used")).isPositive();
            double read = samples.get("memcached_extstore_objects_read_total");

            readFromDisk();
            assertThat(scrape(exporter).get("memcached_extstore_objects_read_total")).isGreaterThan(read);
        }
        try (ExporterHttp switchedOff = ExporterHttp.of(MEMCACHED.server().address(), "--no-collector.extstore")) {
            Map<String, Double> samples = scrape(switchedOff);
            assertThat(samples).containsEntry("memcached_up", 1.0);
            assertThat(samples.keySet()).noneMatch(name -> name.startsWith("memcached_extstore_"));
        }
    }

    /**
     * Reads the oldest values until one comes back from disk. Which ones the storage thread wrote depends on its pace
     * against the fill: on a busy host memcached evicts some of the oldest before writing them. Every value that
     * comes back must be whole.
     */
    private static void readFromDisk() {
        long before = extstoreReads();
        int returned = 0;
        for (int first = 0; first < VALUES && extstoreReads() == before; first += 50) {
            StringBuilder get = new StringBuilder("get");
            for (int i = first; i < Math.min(first + 50, VALUES); i++) {
                get.append(" ext-").append(i);
            }
            String[] lines = MEMCACHED.server().command(get.toString()).split("\r\n");
            for (int i = 0; i < lines.length - 1; i += 2) {
                assertThat(lines[i]).as("a value's header").matches("VALUE ext-\\d+ 0 " + VALUE_BYTES);
                assertThat(lines[i + 1]).as("the value of " + lines[i]).isEqualTo("v".repeat(VALUE_BYTES));
                returned++;
            }
            assertThat(lines[lines.length - 1]).isEqualTo("END");
        }
        assertThat(extstoreReads()).as("values read back from disk (%d values returned)", returned)
                .isGreaterThan(before);
    }

    private static long extstoreReads() {
        for (String line : MEMCACHED.server().command("stats").split("\r\n")) {
            if (line.startsWith("STAT extstore_objects_read ")) {
                return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("memcached's stats have no extstore_objects_read");
    }

    private static Map<String, Double> scrape(ExporterHttp exporter) throws Exception {
        return Golden.samples(exporter.get("/metrics").body());
    }

    /** 80 MB of values in pipelined {@code noreply} sets, then one {@code version} to know they were all taken. */
    private static void fill() throws IOException {
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'v');
        try (Socket socket = new Socket(MEMCACHED.server().host(), MEMCACHED.server().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            for (int i = 0; i < VALUES; i++) {
                out.write(("set ext-" + i + " 0 0 " + VALUE_BYTES + " noreply\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(value);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readLine(socket.getInputStream());
            assertThat(reply).as("memcached took every set").startsWith("VERSION");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("memcached closed the connection after: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
