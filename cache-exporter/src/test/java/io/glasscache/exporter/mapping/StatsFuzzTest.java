package io.glasscache.exporter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;

import io.glasscache.exporter.Golden;
import io.glasscache.exporter.stats.MemcachedStats;
import io.prometheus.metrics.model.snapshots.Labels;
import org.junit.jupiter.api.Test;

/** Random and garbled answers: nothing escapes, every bad line is counted. */
class StatsFuzzTest {

    private static final String ALPHABET = "STAT items:0123456789 abcxyz_.-:\r\n\t\u0000\u00e9END?/ ";

    @Test
    void randomInputNeverThrows() {
        Random random = new Random(42); // fixed seed: a failure is reproducible
        for (int round = 0; round < 2000; round++) {
            String[] answers = new String[4];
            for (int i = 0; i < 4; i++) {
                answers[i] = random.nextInt(10) == 0 ? null : garbage(random);
            }
            assertThatCode(() -> {
                MemcachedStats stats = MemcachedStats.parse(answers[0], answers[1], answers[2], answers[3]);
                Samples samples = new Samples();
                samples.addStats(stats, CollectorSwitches.ALL, Labels.EMPTY);
                Golden.text(samples.toSnapshots());
            }).doesNotThrowAnyException();
        }
    }

    @Test
    void mutatedGoldenLinesAreCountedNotThrown() {
        Random random = new Random(7);
        String stats = Golden.file("1.6", "stats.txt");
        String items = Golden.file("1.6", "stats-items.txt");
        String slabs = Golden.file("1.6", "stats-slabs.txt");
        long counted = 0;
        for (int round = 0; round < 300; round++) {
            String mutatedItems = mutate(items, random);
            String mutatedSlabs = mutate(slabs, random);
            String mutatedStats = mutate(stats, random);
            MemcachedStats parsed = MemcachedStats.parse(mutatedStats, null, mutatedSlabs, mutatedItems);
            Samples samples = new Samples();
            counted += parsed.parseErrors() + samples.addStats(parsed, CollectorSwitches.ALL, Labels.EMPTY);
            assertThatCode(() -> Golden.text(samples.toSnapshots())).doesNotThrowAnyException();
        }
        assertThat(counted).as("60 garbled characters a round are noticed").isGreaterThan(300);
        // a line cut in half is always counted
        MemcachedStats truncated = MemcachedStats.parse("STAT uptime 5\r\nSTAT curr_it", null, null, null);
        assertThat(truncated.parseErrors()).isEqualTo(1);
    }

    private static String garbage(Random random) {
        StringBuilder out = new StringBuilder();
        int lines = random.nextInt(40);
        for (int l = 0; l < lines; l++) {
            if (random.nextBoolean()) {
                out.append("STAT ");
            }
            int length = random.nextInt(30);
            for (int c = 0; c < length; c++) {
                out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String mutate(String text, Random random) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < 20; i++) {
            chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }
}
