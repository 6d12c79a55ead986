package io.glasscache.observability.mixin;

import io.glasscache.exporter.mapping.Family;

/**
 * The memcached exporter's metric names, from its {@link Family} catalogue: the one place the generator imports it,
 * so that moving the catalogue (e.g. to {@code io.glasscache.exporter.mapping}) changes one import.
 */
final class ExporterFamilies {

    static final String UP = Family.UP.sampleName();
    static final String UPTIME = Family.UPTIME.sampleName();
    static final String VERSION = Family.VERSION.sampleName();
    static final String USER_CPU = Family.USER_CPU.sampleName();
    static final String SYSTEM_CPU = Family.SYSTEM_CPU.sampleName();
    static final String READ_BYTES = Family.READ_BYTES.sampleName();
    static final String WRITTEN_BYTES = Family.WRITTEN_BYTES.sampleName();
    static final String CURRENT_CONNECTIONS = Family.CURRENT_CONNECTIONS.sampleName();
    static final String MAX_CONNECTIONS = Family.MAX_CONNECTIONS.sampleName();
    static final String CONNECTIONS = Family.CONNECTIONS.sampleName();
    static final String CONNECTIONS_REJECTED = Family.CONNECTIONS_REJECTED.sampleName();
    static final String CURRENT_BYTES = Family.CURRENT_BYTES.sampleName();
    static final String LIMIT_BYTES = Family.LIMIT_BYTES.sampleName();
    static final String COMMANDS = Family.COMMANDS.sampleName();
    static final String CURRENT_ITEMS = Family.CURRENT_ITEMS.sampleName();
    static final String ITEMS = Family.ITEMS.sampleName();
    static final String ITEMS_EVICTED = Family.ITEMS_EVICTED.sampleName();
    static final String ITEMS_RECLAIMED = Family.ITEMS_RECLAIMED.sampleName();
    static final String ITEM_NO_MEMORY = Family.ITEM_NO_MEMORY.sampleName();
    static final String SLAB_CURRENT_ITEMS = Family.SLAB_CURRENT_ITEMS.sampleName();
    static final String SLAB_ITEMS_AGE = Family.SLAB_ITEMS_AGE.sampleName();
    static final String SLAB_EVICTED = Family.SLAB_EVICTED.sampleName();
    static final String SLAB_OUT_OF_MEMORY = Family.SLAB_OUT_OF_MEMORY.sampleName();
    static final String SLAB_MEM_REQUESTED = Family.SLAB_MEM_REQUESTED.sampleName();
    static final String SLAB_CHUNKS_USED = Family.SLAB_CHUNKS_USED.sampleName();
    static final String SLAB_CHUNKS_FREE = Family.SLAB_CHUNKS_FREE.sampleName();
    static final String SLAB_CURRENT_PAGES = Family.SLAB_CURRENT_PAGES.sampleName();
    static final String PARSE_ERRORS = Family.PARSE_ERRORS.sampleName();
    static final String DISCOVERY_ERRORS = Family.DISCOVERY_ERRORS.sampleName();
    static final String SCRAPE_DURATION = Family.SCRAPE_DURATION.sampleName();

    private ExporterFamilies() {
    }
}
