package io.glasscache.demo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyChartTest {

    @Test
    void writesAReadablePngAndJson(@TempDir Path dir) throws Exception {
        List<LoadReport.Second> timeline = new ArrayList<>();
        for (int s = 1; s <= 30; s++) {
            timeline.add(new LoadReport.Second(s, 1000, s == 15 ? 3 : 0, s > 20 ? 100 : 0, 0, 2.5, 20 + s,
                    40 + 3 * s, s == 7 ? 19.0 : 2.0));
        }
        LoadReport report = new LoadReport("unit", "http://127.0.0.1:1", 1000, 30, 30_000, 30_000, 3, 1, 26_000, 0,
                1_000, 0, 0, 0, 1000, 2.5, 10, 40, 90, 130, 4, 35, 47, 0, 2.6, 19.0, timeline, List.of(new LoadReport
                .Mark("memcached-frozen", 20.5, 25.2, 6000, 0, 0, 5000, 0, 1000, 0, 0, 0, 2.5, 45, 48)));
        Path json = LoadGenerator.write(report, dir);

        BufferedImage image = ImageIO.read(dir.resolve("unit.png").toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(image.getHeight()).isEqualTo(620);
        // something other than the white background was drawn in the latency panel
        long coloured = 0;
        for (int x = 100; x < 1000; x += 3) {
            for (int y = 70; y < 370; y += 3) {
                coloured += (image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        assertThat(coloured).isGreaterThan(100);
        assertThat(stealPixels(image)).as("the host's steal is drawn in the rate panel").isGreaterThan(50);

        JsonNode node = new ObjectMapper().readTree(Files.readString(json));
        assertThat(node.get("p99").asDouble()).isEqualTo(40.0);
        assertThat(node.get("timeline")).hasSize(30);
        assertThat(node.get("errorRate").asDouble()).isEqualTo(0.0001);
        assertThat(node.get("hostStealPercent").asDouble()).isEqualTo(2.6);
        assertThat(node.get("timeline").get(6).get("hostStealPercent").asDouble()).isEqualTo(19.0);
        assertThat(node.get("lost").asLong()).isEqualTo(1);
        assertThat(node.get("marks").get(0).get("label").asText()).isEqualTo("memcached-frozen");
        assertThat(node.get("marks").get(0).get("p99").asDouble()).isEqualTo(45.0);
        assertThat(new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(json.toFile(), LoadReport.class)).as("as BenchReport reads it back").isEqualTo(report);
    }

    @Test
    void noStealLineWhereStealIsUnknown(@TempDir Path dir) throws Exception {
        List<LoadReport.Second> timeline = steady(10, 100);
        LoadReport report = new LoadReport("unknown", "http://127.0.0.1:1", 100, 10, 1000, 1000, 0, 0, 1000, 0, 0,
                0, 0, 0, 100, 2.5, 10, 20, 30, 40, 4, 20, 0, 0, null, null, timeline, List.of());
        LoadGenerator.write(report, dir);

        assertThat(stealPixels(ImageIO.read(dir.resolve("unknown.png").toFile()))).isZero();
    }

    @Test
    void markedWindowsAreShadedAcrossBothPanelsAndNowhereElse(@TempDir Path dir) throws Exception {
        List<LoadReport.Second> timeline = new ArrayList<>();
        for (int s = 1; s <= 60; s++) {
            timeline.add(new LoadReport.Second(s, 500, 0, s > 20 && s <= 40 ? 50 : 0, 0, 2.5, 20, 40, 1.0));
        }
        LoadReport plain = new LoadReport("plain", "http://127.0.0.1:1", 500, 60, 30_000, 30_000, 0, 0, 29_000, 0,
                1_000, 0, 0, 0, 500, 2.5, 10, 20, 30, 40, 4, 20, 0, 0, 1.0, 1.0, timeline, null);
        LoadReport marked = new LoadReport("marked", plain.target(), 500, 60, 30_000, 30_000, 0, 0, 29_000, 0,
                1_000, 0, 0, 0, 500, 2.5, 10, 20, 30, 40, 4, 20, 0, 0, 1.0, 1.0, timeline, List.of(new LoadReport
                .Mark("store-failing", 20, 40, 10_000, 0, 0, 9_000, 0, 1_000, 0, 0, 0, 2.5, 20, 40)));
        assertThat(plain.marks()).as("a report without marks, as older JSON reads").isEmpty();
        LoadGenerator.write(plain, dir);
        LoadGenerator.write(marked, dir);
        BufferedImage without = ImageIO.read(dir.resolve("plain.png").toFile());
        BufferedImage with = ImageIO.read(dir.resolve("marked.png").toFile());

        // the band spans seconds 20..40 of 60: x from 70 + 20/60 * 985 to 70 + 40/60 * 985
        int from = 70 + 20 * 985 / 60;
        int to = 70 + 40 * 985 / 60;
        long inside = 0;
        long outside = 0;
        for (int y = 45; y < 570; y++) {
            for (int x = 0; x < with.getWidth(); x++) {
                boolean differs = with.getRGB(x, y) != without.getRGB(x, y);
                if (x > from + 1 && x < to - 1) {
                    inside += differs ? 1 : 0;
                } else if (x < from - 1 || x > to + 1) {
                    outside += differs ? 1 : 0;
                }
            }
        }
        assertThat(inside).as("shaded in both panels").isGreaterThan((long) (to - from) * 400);
        assertThat(outside).isZero();
    }

    @Test
    void aBaselineWindowIsShadedAsAReferenceNotAsAFault(@TempDir Path dir) throws Exception {
        List<LoadReport.Second> timeline = steady(60, 500);
        LoadReport report = new LoadReport("two", "http://127.0.0.1:1", 500, 60, 30_000, 30_000, 0, 0, 30_000, 0, 0,
                0, 0, 0, 500, 2.5, 10, 20, 30, 40, 4, 20, 0, 0, null, null, timeline, List.of(
                        new LoadReport.Mark("baseline", 0, 20, 10_000, 0, 0, 10_000, 0, 0, 0, 0, 0, 2.5, 20, 40),
                        new LoadReport.Mark("l2-frozen", 30, 50, 10_000, 0, 0, 10_000, 0, 0, 0, 0, 0, 2.5, 20, 40)));
        LoadGenerator.write(report, dir);
        BufferedImage image = ImageIO.read(dir.resolve("two.png").toFile());
        // a point in each band, in the rate panel (below its legend, above the lines' 500/s)
        int baseline = image.getRGB(70 + 10 * 985 / 60, 500) & 0xFFFFFF;
        int fault = image.getRGB(70 + 40 * 985 / 60, 500) & 0xFFFFFF;
        int outside = image.getRGB(70 + 25 * 985 / 60, 500) & 0xFFFFFF;
        assertThat(outside).isEqualTo(0xFFFFFF);
        assertThat(baseline).isNotEqualTo(0xFFFFFF).isNotEqualTo(fault);
        assertThat(fault).isNotEqualTo(0xFFFFFF);
        assertThat((baseline >> 16) & 0xFF).as("grey, not orange: red no stronger than blue")
                .isLessThanOrEqualTo(baseline & 0xFF);
    }

    /** {@code seconds} alike: {@code count} answers, no error, steal unknown. */
    private static List<LoadReport.Second> steady(int seconds, long count) {
        List<LoadReport.Second> timeline = new ArrayList<>();
        for (int s = 1; s <= seconds; s++) {
            timeline.add(new LoadReport.Second(s, count, 0, 0, 0, 2.5, 20, 40, null));
        }
        return timeline;
    }

    /** Pixels of the steal line's colour in the rate panel, below its legend (y 425-560). */
    private static long stealPixels(BufferedImage image) {
        long count = 0;
        int steal = LatencyChart.STEAL.getRGB() & 0xFFFFFF;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 425; y <= 560; y++) {
                count += (image.getRGB(x, y) & 0xFFFFFF) == steal ? 1 : 0;
            }
        }
        return count;
    }
}
