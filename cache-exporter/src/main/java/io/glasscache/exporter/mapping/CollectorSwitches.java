package io.glasscache.exporter.mapping;

/**
 * Which optional groups of series to collect ({@code --collector.*}). Switching a group off also skips the
 * stats command it alone needs ({@code stats items}, {@code stats settings}), so it saves work as well as series.
 *
 * @param slab      per-slab-class series from {@code stats slabs}
 * @param items     per-slab-class series from {@code stats items}
 * @param settings  series from {@code stats settings} (the LRU settings)
 * @param extstore  extstore series (only emitted when the server has extstore)
 * @param proxy     proxy series (only emitted when the server runs as a proxy)
 */
public record CollectorSwitches(boolean slab, boolean items, boolean settings, boolean extstore, boolean proxy) {

    public static final CollectorSwitches ALL = new CollectorSwitches(true, true, true, true, true);
}
