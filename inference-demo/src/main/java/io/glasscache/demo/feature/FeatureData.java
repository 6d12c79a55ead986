package io.glasscache.demo.feature;

/**
 * Deterministic feature values derived from ids by hashing, so a million users cost no memory and every run (and
 * every replica) sees the same data.
 */
final class FeatureData {

    private FeatureData() {
    }

    static UserFeatures user(String userId, int users) {
        long index = knownUserIndex(userId, users);
        float[] vector = new float[FeatureStore.DIMENSION];
        if (index < 0) {
            for (int i = 0; i < vector.length; i++) { // cold start: a weak population prior
                vector[i] = 0.1f * unit(mix(0x5EEDL, i));
            }
            return new UserFeatures(userId, false, vector);
        }
        for (int i = 0; i < vector.length; i++) {
            vector[i] = unit(mix(index * 0x9E3779B97F4A7C15L + 1, i));
        }
        return new UserFeatures(userId, true, vector);
    }

    static ItemFeatures item(long itemId) {
        float[] vector = new float[FeatureStore.DIMENSION];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = unit(mix(itemId * 0xC2B2AE3D27D4EB4FL + 7, i));
        }
        float popularity = (unit(mix(itemId, 101)) + 1f) / 2f;
        return new ItemFeatures(itemId, popularity, vector);
    }

    /** {@code u<n>} with {@code 0 <= n < users} is a known user; anything else is -1. */
    static long knownUserIndex(String userId, int users) {
        if (userId.length() < 2 || userId.length() > 10 || userId.charAt(0) != 'u') {
            return -1;
        }
        long n = 0;
        for (int i = 1; i < userId.length(); i++) {
            char c = userId.charAt(i);
            if (c < '0' || c > '9' || (i == 1 && c == '0' && userId.length() > 2)) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n < users ? n : -1;
    }

    /** SplitMix64 finaliser of (seed, index). */
    static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Maps 64 random bits to [-1, 1). */
    static float unit(long bits) {
        return (float) ((bits >>> 40) / (double) (1L << 24) * 2.0 - 1.0);
    }
}
