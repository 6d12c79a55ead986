package io.glasscache.demo.loadgen;

import java.util.SplittableRandom;

/**
 * Zipf-distributed ranks {@code 1..n} with exponent {@code s} (P(k) proportional to 1/k^s), drawn in constant time
 * without tables by rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates
 * from monotone discrete distributions", ACM TOMACS 6(3), 1996), so that a million users cost nothing.
 */
public final class Zipf {

    private final long n;
    private final double s;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double threshold;

    public Zipf(long n, double s) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1");
        }
        if (!(s > 0) || s > 10) {
            throw new IllegalArgumentException("exponent must be within (0, 10]");
        }
        this.n = n;
        this.s = s;
        this.hIntegralX1 = hIntegral(1.5) - 1;
        this.hIntegralN = hIntegral(n + 0.5);
        this.threshold = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
    }

    /** A rank in {@code 1..n}; rank 1 is the most frequent. */
    public long sample(SplittableRandom random) {
        while (true) {
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            long k = (long) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            if (k - x <= threshold || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    /** H(x), an antiderivative of h(x) = x^-s (log x when s = 1), computed stably near s = 1. */
    private double hIntegral(double x) {
        double logX = Math.log(x);
        return expm1OverX((1 - s) * logX) * logX;
    }

    private double h(double x) {
        return Math.exp(-s * Math.log(x));
    }

    private double hIntegralInverse(double x) {
        double t = x * (1 - s);
        if (t < -1) {
            t = -1; // rounding guard: log1p(-1) is the limit
        }
        return Math.exp(log1pOverX(t) * x);
    }

    private static double log1pOverX(double x) {
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
    }

    private static double expm1OverX(double x) {
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
    }
}
