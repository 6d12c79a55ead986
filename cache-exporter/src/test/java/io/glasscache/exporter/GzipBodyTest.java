package io.glasscache.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import io.glasscache.exporter.PrometheusText.Format;
import io.prometheus.metrics.model.snapshots.Labels;
import org.junit.jupiter.api.Test;

/** The reused gzip compressor: every output is one whole gzip member that the JDK's reader takes back exactly. */
class GzipBodyTest {

    @Test
    void expositionsRoundTripThroughTheJdksGzipReaderAcrossReuse() throws IOException {
        Samples samples = new Samples();
        StatsMapper.map(Golden.stats("1.6"), CollectorSwitches.ALL, samples, Labels.EMPTY);
        PrometheusText text = new PrometheusText(1024).write(samples, Format.OPENMETRICS_1_0_0);
        byte[] exposition = Arrays.copyOf(text.array(), text.size());
        byte[] small = "memcached_up 1\n".getBytes(StandardCharsets.US_ASCII);

        try (GzipBody gzip = new GzipBody(16)) { // too small: must grow
            for (byte[] body : new byte[][] {exposition, small, new byte[0], exposition}) {
                gzip.compress(body, body.length);
                assertThat(gunzip(gzip.array(), gzip.size())).isEqualTo(body);
                gzip.release();
            }
            gzip.compress(exposition, exposition.length);
            assertThat(gzip.size()).as("the exposition compresses").isLessThan(exposition.length / 4);
        }
    }

    @Test
    void incompressibleInputAndAPrefixOfTheArray() throws IOException {
        byte[] random = new byte[200_000];
        new Random(7).nextBytes(random);
        try (GzipBody gzip = new GzipBody(1024)) {
            gzip.compress(random, random.length);
            assertThat(gunzip(gzip.array(), gzip.size())).isEqualTo(random);

            gzip.compress(random, 1000); // only the first 1000 bytes are the body
            assertThat(gunzip(gzip.array(), gzip.size())).isEqualTo(Arrays.copyOf(random, 1000));
        }
    }

    private static byte[] gunzip(byte[] bytes, int length) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes, 0, length))) {
            byte[] out = in.readAllBytes();
            assertThat(in.read()).isEqualTo(-1);
            return out;
        }
    }
}
