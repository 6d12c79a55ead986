package io.glasscache.demo.recommend;

import java.util.SplittableRandom;

import io.glasscache.demo.feature.FeatureStore;
import io.glasscache.demo.feature.ItemFeatures;
import io.glasscache.demo.feature.UserFeatures;

/**
 * A small deterministic click model: logistic regression over the user x item interaction (element-wise product of
 * the two embeddings), the item embedding and the item's popularity, with weights drawn from a seeded generator.
 */
public final class ScoringModel {

    private final float[] interaction = new float[FeatureStore.DIMENSION];
    private final float[] itemWeights = new float[FeatureStore.DIMENSION];
    private final float popularityWeight;
    private final float bias;

    public ScoringModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < FeatureStore.DIMENSION; i++) {
            interaction[i] = (float) (random.nextGaussian() * 1.5);
            itemWeights[i] = (float) (random.nextGaussian() * 0.3);
        }
        popularityWeight = 1.0f;
        bias = -1.0f;
    }

    /** The click probability of {@code item} for {@code user}, in (0, 1). */
    public double score(UserFeatures user, ItemFeatures item) {
        float[] u = user.vector();
        float[] x = item.vector();
        double logit = bias + popularityWeight * item.popularity();
        for (int i = 0; i < interaction.length; i++) {
            logit += interaction[i] * u[i] * x[i] + itemWeights[i] * x[i];
        }
        return 1.0 / (1.0 + Math.exp(-logit));
    }
}
