package io.glasscache.demo.feature;

import java.util.Arrays;

/**
 * A user's profile features as the store returns them.
 *
 * @param userId the user id
 * @param known  false for an id the store has no profile for (cold start: {@code vector} is the population prior)
 * @param vector dense profile embedding, {@link FeatureStore#DIMENSION} values in [-1, 1]
 */
public record UserFeatures(String userId, boolean known, float[] vector) {

    @Override
    public boolean equals(Object o) {
        return o instanceof UserFeatures other && userId.equals(other.userId) && known == other.known
                && Arrays.equals(vector, other.vector);
    }

    @Override
    public int hashCode() {
        return 31 * userId.hashCode() + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "UserFeatures[" + userId + ", known=" + known + "]";
    }
}
