package io.glasscache.demo.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ZipfTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 1.5})
    void frequenciesFollowThePowerLaw(double s) {
        int n = 20;
        Zipf zipf = new Zipf(n, s);
        SplittableRandom random = new SplittableRandom(3);
        int draws = 400_000;
        long[] counts = new long[n + 1];
        for (int i = 0; i < draws; i++) {
            long k = zipf.sample(random);
            assertThat(k).isBetween(1L, (long) n);
            counts[(int) k]++;
        }
        double norm = 0;
        for (int k = 1; k <= n; k++) {
            norm += Math.pow(k, -s);
        }
        for (int k = 1; k <= n; k++) {
            double expected = draws * Math.pow(k, -s) / norm;
            // 6 standard deviations of a binomial count: fails only if the sampler is wrong
            double tolerance = 6 * Math.sqrt(expected);
            assertThat((double) counts[k]).as("rank %d", k).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    @Test
    void coversAMillionRanksWithoutTables() {
        Zipf zipf = new Zipf(1_000_000, 1.0);
        SplittableRandom random = new SplittableRandom(5);
        long max = 0;
        long ones = 0;
        for (int i = 0; i < 100_000; i++) {
            long k = zipf.sample(random);
            assertThat(k).isBetween(1L, 1_000_000L);
            max = Math.max(max, k);
            ones += k == 1 ? 1 : 0;
        }
        assertThat(max).isGreaterThan(100_000); // the long tail is reached
        // P(1) = 1 / H(1e6) ~ 0.0695
        assertThat(ones).isBetween(6_200L, 7_700L);
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new Zipf(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Zipf(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Zipf(10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
