package io.glasscache.demo.recommend;

/**
 * One recommended item.
 *
 * @param itemId the item
 * @param score  the model's click probability, in (0, 1)
 */
public record ScoredItem(long itemId, double score) {
}
