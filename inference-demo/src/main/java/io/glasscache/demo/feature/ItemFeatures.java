package io.glasscache.demo.feature;

import java.util.Arrays;

/**
 * An item's attribute features as the store returns them.
 *
 * @param itemId     the item id, {@code 0 <= itemId < items}
 * @param popularity prior popularity in [0, 1]
 * @param vector     dense attribute embedding, {@link FeatureStore#DIMENSION} values in [-1, 1]
 */
public record ItemFeatures(long itemId, float popularity, float[] vector) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemFeatures other && itemId == other.itemId && popularity == other.popularity
                && Arrays.equals(vector, other.vector);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(itemId) * 31 + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "ItemFeatures[" + itemId + "]";
    }
}
