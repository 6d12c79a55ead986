package io.glasscache.exporter.mapping;

import java.util.List;

/**
 * Every metric family the exporter can expose: the single source of truth for the collector, the docs table in
 * {@code docs/exporter.md} (drift-tested), the parity test against the official exporter's contract, and dashboards
 * and alerts built from the public sample names ({@link #sampleName()}).
 *
 * <p>{@link Source#STATS}, {@link Source#SETTINGS}, {@link Source#SLABS} and {@link Source#ITEMS} families map
 * one stat to one sample (per slab class for the last two); {@link Source#DERIVED} families are built in code.
 */
public enum Family {
    // ---- core (parity with memcached_exporter v0.16) ----
    UP("memcached_up", Type.GAUGE, Group.CORE, "", Source.DERIVED, null, 1,
            "1 if memcached was reachable and answered every stats command of this scrape, else 0."),
    UPTIME("memcached_uptime_seconds", Type.GAUGE, Group.CORE, "", Source.STATS, "uptime", 1,
            "Seconds the server has been running. Upstream types it counter without _total; a gauge keeps the name."),
    TIME("memcached_time_seconds", Type.GAUGE, Group.CORE, "", Source.STATS, "time", 1,
            "Current UNIX time according to the server."),
    VERSION("memcached_version", Type.GAUGE, Group.CORE, "version", Source.DERIVED, "version", 1,
            "The server's version, as a label; the value is always 1."),
    USER_CPU("memcached_process_user_cpu_seconds_total", Type.COUNTER, Group.CORE, "", Source.STATS, "rusage_user", 1,
            "User CPU seconds consumed by the server process."),
    SYSTEM_CPU("memcached_process_system_cpu_seconds_total", Type.COUNTER, Group.CORE, "", Source.STATS,
            "rusage_system", 1, "System CPU seconds consumed by the server process."),
    READ_BYTES("memcached_read_bytes_total", Type.COUNTER, Group.CORE, "", Source.STATS, "bytes_read", 1,
            "Bytes read by the server from the network."),
    WRITTEN_BYTES("memcached_written_bytes_total", Type.COUNTER, Group.CORE, "", Source.STATS, "bytes_written", 1,
            "Bytes written by the server to the network."),
    CURRENT_CONNECTIONS("memcached_current_connections", Type.GAUGE, Group.CORE, "", Source.STATS,
            "curr_connections", 1, "Open client connections."),
    MAX_CONNECTIONS("memcached_max_connections", Type.GAUGE, Group.CORE, "", Source.DERIVED, "max_connections", 1,
            "Connection limit (stats max_connections, else stats settings maxconns)."),
    CONNECTIONS("memcached_connections_total", Type.COUNTER, Group.CORE, "", Source.STATS, "total_connections", 1,
            "Connections opened since the server started."),
    CONNECTIONS_REJECTED("memcached_connections_rejected_total", Type.COUNTER, Group.CORE, "", Source.STATS,
            "rejected_connections", 1, "Connections rejected because of the connection limit."),
    CONNECTIONS_YIELDED("memcached_connections_yielded_total", Type.COUNTER, Group.CORE, "", Source.STATS,
            "conn_yields", 1, "Times a connection yielded because it hit the per-event request limit."),
    LISTENER_DISABLED("memcached_connections_listener_disabled_total", Type.COUNTER, Group.CORE, "", Source.STATS,
            "listen_disabled_num", 1, "Times the listener was disabled because of the connection limit."),
    ACCEPTING("memcached_accepting_connections", Type.GAUGE, Group.CORE, "", Source.STATS, "accepting_conns", 1,
            "1 if the server accepts new connections."),
    CURRENT_BYTES("memcached_current_bytes", Type.GAUGE, Group.CORE, "", Source.STATS, "bytes", 1,
            "Bytes used to store items."),
    LIMIT_BYTES("memcached_limit_bytes", Type.GAUGE, Group.CORE, "", Source.STATS, "limit_maxbytes", 1,
            "Bytes the server may use for storage."),
    MALLOCED_BYTES("memcached_malloced_bytes", Type.GAUGE, Group.CORE, "", Source.SLABS_TOTAL, "total_malloced", 1,
            "Bytes allocated to slab pages."),
    COMMANDS("memcached_commands_total", Type.COUNTER, Group.CORE, "command,status", Source.DERIVED,
            "get/delete/incr/decr/cas/touch _hits/_misses, cas_badval, cmd_flush, cmd_set", 1,
            "Commands by command and outcome; set = cmd_set - (cas_hits + cas_misses + cas_badval)."),
    CURRENT_ITEMS("memcached_current_items", Type.GAUGE, Group.CORE, "", Source.STATS, "curr_items", 1,
            "Items currently stored."),
    ITEMS("memcached_items_total", Type.COUNTER, Group.CORE, "", Source.STATS, "total_items", 1,
            "Items stored since the server started."),
    ITEMS_EVICTED("memcached_items_evicted_total", Type.COUNTER, Group.CORE, "", Source.STATS, "evictions", 1,
            "Valid items evicted to free memory."),
    ITEMS_RECLAIMED("memcached_items_reclaimed_total", Type.COUNTER, Group.CORE, "", Source.STATS, "reclaimed", 1,
            "Times an expired item's memory was reused for a new item."),
    ITEM_TOO_LARGE("memcached_item_too_large_total", Type.COUNTER, Group.CORE, "", Source.STATS, "store_too_large",
            1, "Stores refused because the item was larger than the item size limit."),
    ITEM_NO_MEMORY("memcached_item_no_memory_total", Type.COUNTER, Group.CORE, "", Source.STATS, "store_no_memory",
            1, "Stores refused because no memory could be freed."),
    DIRECT_RECLAIMS("memcached_direct_reclaims_total", Type.COUNTER, Group.CORE, "", Source.STATS,
            "direct_reclaims", 1, "Times a worker thread had to reclaim memory directly."),

    // ---- lru ----
    LRU_CRAWLER_ENABLED("memcached_lru_crawler_enabled", Type.GAUGE, Group.LRU, "", Source.SETTINGS, "lru_crawler",
            1, "1 if the LRU crawler is enabled."),
    LRU_CRAWLER_SLEEP("memcached_lru_crawler_sleep", Type.GAUGE, Group.LRU, "", Source.SETTINGS,
            "lru_crawler_sleep", 1, "Microseconds the LRU crawler sleeps between items (setting)."),
    LRU_CRAWLER_TO_CRAWL("memcached_lru_crawler_to_crawl", Type.GAUGE, Group.LRU, "", Source.SETTINGS,
            "lru_crawler_tocrawl", 1, "Maximum items the crawler checks per slab class per run (setting)."),
    LRU_MAINTAINER_THREAD("memcached_lru_crawler_maintainer_thread", Type.GAUGE, Group.LRU, "", Source.SETTINGS,
            "lru_maintainer_thread", 1, "1 if the LRU maintainer thread runs."),
    LRU_HOT_PERCENT("memcached_lru_crawler_hot_percent", Type.GAUGE, Group.LRU, "", Source.SETTINGS, "hot_lru_pct",
            1, "Percent of a slab class reserved for the hot LRU."),
    LRU_WARM_PERCENT("memcached_lru_crawler_warm_percent", Type.GAUGE, Group.LRU, "", Source.SETTINGS,
            "warm_lru_pct", 1, "Percent of a slab class reserved for the warm LRU."),
    LRU_HOT_MAX_FACTOR("memcached_lru_crawler_hot_max_factor", Type.GAUGE, Group.LRU, "", Source.SETTINGS,
            "hot_max_factor", 1, "Hot LRU age limit as a factor of the cold LRU age."),
    LRU_WARM_MAX_FACTOR("memcached_lru_crawler_warm_max_factor", Type.GAUGE, Group.LRU, "", Source.SETTINGS,
            "warm_max_factor", 1, "Warm LRU age limit as a factor of the cold LRU age."),
    LRU_CRAWLER_STARTS("memcached_lru_crawler_starts_total", Type.COUNTER, Group.LRU, "", Source.STATS,
            "lru_crawler_starts", 1, "Times the LRU crawler was started."),
    LRU_CRAWLER_RECLAIMED("memcached_lru_crawler_reclaimed_total", Type.COUNTER, Group.LRU, "", Source.STATS,
            "crawler_reclaimed", 1, "Expired items the LRU crawler freed."),
    LRU_CRAWLER_ITEMS_CHECKED("memcached_lru_crawler_items_checked_total", Type.COUNTER, Group.LRU, "",
            Source.STATS, "crawler_items_checked", 1, "Items the LRU crawler examined."),
    LRU_MOVES_TO_COLD("memcached_lru_crawler_moves_to_cold_total", Type.COUNTER, Group.LRU, "", Source.STATS,
            "moves_to_cold", 1, "Items moved from hot or warm to cold LRU."),
    LRU_MOVES_TO_WARM("memcached_lru_crawler_moves_to_warm_total", Type.COUNTER, Group.LRU, "", Source.STATS,
            "moves_to_warm", 1, "Items moved from cold to warm LRU."),
    LRU_MOVES_WITHIN("memcached_lru_crawler_moves_within_lru_total", Type.COUNTER, Group.LRU, "", Source.STATS,
            "moves_within_lru", 1, "Items reshuffled within the hot or warm LRU."),

    // ---- slab (per slab class; stats items) ----
    SLAB_CURRENT_ITEMS("memcached_slab_current_items", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS, "number", 1,
            "Items stored in the slab class."),
    SLAB_ITEMS_AGE("memcached_slab_items_age_seconds", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS, "age", 1,
            "Age of the oldest item in the slab class's LRU."),
    SLAB_HOT_ITEMS("memcached_slab_hot_items", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS, "number_hot", 1,
            "Items in the hot LRU."),
    SLAB_WARM_ITEMS("memcached_slab_warm_items", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS, "number_warm", 1,
            "Items in the warm LRU."),
    SLAB_COLD_ITEMS("memcached_slab_cold_items", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS, "number_cold", 1,
            "Items in the cold LRU."),
    SLAB_TEMPORARY_ITEMS("memcached_slab_temporary_items", Type.GAUGE, Group.SLAB, "slab", Source.DERIVED,
            "number_temp", 1, "Items in the temporary LRU (0 when the server runs without temp_lru)."),
    SLAB_HOT_AGE("memcached_slab_hot_age_seconds", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS, "age_hot", 1,
            "Age of the oldest item in the hot LRU."),
    SLAB_WARM_AGE("memcached_slab_warm_age_seconds", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS, "age_warm", 1,
            "Age of the oldest item in the warm LRU."),
    SLAB_EVICTED("memcached_slab_items_evicted_total", Type.COUNTER, Group.SLAB, "slab", Source.ITEMS, "evicted", 1,
            "Items evicted from the slab class."),
    SLAB_EVICTED_NONZERO("memcached_slab_items_evicted_nonzero_total", Type.COUNTER, Group.SLAB, "slab",
            Source.ITEMS, "evicted_nonzero", 1, "Evicted items that had an explicit expiry time."),
    SLAB_EVICTED_UNFETCHED("memcached_slab_items_evicted_unfetched_total", Type.COUNTER, Group.SLAB, "slab",
            Source.ITEMS, "evicted_unfetched", 1, "Evicted items that were never fetched."),
    SLAB_EXPIRED_UNFETCHED("memcached_slab_items_expired_unfetched_total", Type.COUNTER, Group.SLAB, "slab",
            Source.ITEMS, "expired_unfetched", 1, "Expired items that were never fetched."),
    SLAB_OUT_OF_MEMORY("memcached_slab_items_outofmemory_total", Type.COUNTER, Group.SLAB, "slab", Source.ITEMS,
            "outofmemory", 1, "Times the slab class could not store an item for lack of memory."),
    SLAB_RECLAIMED("memcached_slab_items_reclaimed_total", Type.COUNTER, Group.SLAB, "slab", Source.ITEMS,
            "reclaimed", 1, "Times an expired item's memory in this class was reused."),
    SLAB_TAILREPAIRS("memcached_slab_items_tailrepairs_total", Type.COUNTER, Group.SLAB, "slab", Source.ITEMS,
            "tailrepairs", 1, "Times an item with a leaked reference was repaired."),
    SLAB_CRAWLER_RECLAIMED("memcached_slab_items_crawler_reclaimed_total", Type.COUNTER, Group.SLAB, "slab",
            Source.ITEMS, "crawler_reclaimed", 1, "Expired items the LRU crawler freed in this class."),
    SLAB_MOVES_TO_COLD("memcached_slab_items_moves_to_cold", Type.UNTYPED, Group.SLAB, "slab", Source.ITEMS,
            "moves_to_cold", 1, "Items moved to the cold LRU (a counter; upstream name has no _total, kept)."),
    SLAB_MOVES_TO_WARM("memcached_slab_items_moves_to_warm", Type.UNTYPED, Group.SLAB, "slab", Source.ITEMS,
            "moves_to_warm", 1, "Items moved to the warm LRU (a counter; upstream name has no _total, kept)."),
    SLAB_MOVES_WITHIN("memcached_slab_items_moves_within_lru", Type.UNTYPED, Group.SLAB, "slab", Source.ITEMS,
            "moves_within_lru", 1, "Items reshuffled within hot/warm (a counter; upstream name has no _total, kept)."),
    SLAB_EVICTED_TIME("memcached_slab_items_evicted_time_seconds", Type.GAUGE, Group.SLAB, "slab", Source.ITEMS,
            "evicted_time", 1, "Seconds since the last access of the most recently evicted item (a level)."),
    SLAB_LRU_HITS("memcached_slab_lru_hits_total", Type.COUNTER, Group.SLAB, "slab,lru", Source.DERIVED,
            "hits_to_hot/_warm/_cold/_temp", 1, "Get hits by the LRU the item was in (lru=hot|warm|cold|temporary)."),
    SLAB_MEM_REQUESTED("memcached_slab_mem_requested_bytes", Type.GAUGE, Group.SLAB, "slab", Source.DERIVED,
            "mem_requested", 1, "Bytes requested by items in the class (a level; stats items, else stats slabs)."),

    // ---- slab (per slab class; stats slabs) ----
    SLAB_CHUNK_SIZE("memcached_slab_chunk_size_bytes", Type.GAUGE, Group.SLAB, "slab", Source.SLABS, "chunk_size",
            1, "Bytes per chunk in the slab class."),
    SLAB_CHUNKS_PER_PAGE("memcached_slab_chunks_per_page", Type.GAUGE, Group.SLAB, "slab", Source.SLABS,
            "chunks_per_page", 1, "Chunks per 1 MB page."),
    SLAB_CURRENT_PAGES("memcached_slab_current_pages", Type.GAUGE, Group.SLAB, "slab", Source.SLABS, "total_pages",
            1, "Pages allocated to the slab class."),
    SLAB_CURRENT_CHUNKS("memcached_slab_current_chunks", Type.GAUGE, Group.SLAB, "slab", Source.SLABS,
            "total_chunks", 1, "Chunks allocated to the slab class."),
    SLAB_CHUNKS_USED("memcached_slab_chunks_used", Type.GAUGE, Group.SLAB, "slab", Source.SLABS, "used_chunks", 1,
            "Chunks holding items."),
    SLAB_CHUNKS_FREE("memcached_slab_chunks_free", Type.GAUGE, Group.SLAB, "slab", Source.SLABS, "free_chunks", 1,
            "Chunks free for reuse."),
    SLAB_CHUNKS_FREE_END("memcached_slab_chunks_free_end", Type.GAUGE, Group.SLAB, "slab", Source.SLABS,
            "free_chunks_end", 1, "Never-used chunks at the end of the last page."),
    SLAB_COMMANDS("memcached_slab_commands_total", Type.COUNTER, Group.SLAB, "slab,command,status", Source.DERIVED,
            "get_hits, cmd_set, delete/incr/decr/cas/touch _hits, cas_badval", 1,
            "Commands that hit the slab class, by command and outcome."),

    // ---- extstore ----
    EXT_COMPACT_LOST("memcached_extstore_compact_lost_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_compact_lost", 1, "Items lost during extstore compaction."),
    EXT_COMPACT_RESCUED("memcached_extstore_compact_rescued_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_compact_rescues", 1, "Items rescued during extstore compaction."),
    EXT_COMPACT_SKIPPED("memcached_extstore_compact_skipped_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_compact_skipped", 1, "Items skipped during extstore compaction."),
    EXT_PAGES_ALLOCATED("memcached_extstore_pages_allocated_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_page_allocs", 1, "Extstore pages allocated."),
    EXT_PAGES_EVICTED("memcached_extstore_pages_evicted_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_page_evictions", 1, "Extstore pages evicted."),
    EXT_PAGES_RECLAIMED("memcached_extstore_pages_reclaimed_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_page_reclaims", 1, "Extstore pages reclaimed."),
    EXT_OBJECTS_EVICTED("memcached_extstore_objects_evicted_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_objects_evicted", 1, "Objects evicted from extstore."),
    EXT_OBJECTS_READ("memcached_extstore_objects_read_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_objects_read", 1, "Objects read from extstore."),
    EXT_OBJECTS_WRITTEN("memcached_extstore_objects_written_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_objects_written", 1, "Objects written to extstore."),
    EXT_BYTES_EVICTED("memcached_extstore_bytes_evicted_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_bytes_evicted", 1, "Bytes evicted from extstore."),
    EXT_BYTES_WRITTEN("memcached_extstore_bytes_written_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_bytes_written", 1, "Bytes written to extstore."),
    EXT_BYTES_READ("memcached_extstore_bytes_read_total", Type.COUNTER, Group.EXTSTORE, "", Source.STATS,
            "extstore_bytes_read", 1, "Bytes read from extstore."),
    EXT_BYTES_USED("memcached_extstore_bytes_used", Type.GAUGE, Group.EXTSTORE, "", Source.STATS,
            "extstore_bytes_used", 1, "Bytes used in extstore (a level; upstream types it counter)."),
    EXT_PAGES_FREE("memcached_extstore_pages_free", Type.GAUGE, Group.EXTSTORE, "", Source.STATS,
            "extstore_pages_free", 1, "Free extstore pages."),
    EXT_PAGES_USED("memcached_extstore_pages_used", Type.GAUGE, Group.EXTSTORE, "", Source.STATS,
            "extstore_pages_used", 1, "Used extstore pages."),
    EXT_OBJECTS_USED("memcached_extstore_objects_used", Type.GAUGE, Group.EXTSTORE, "", Source.STATS,
            "extstore_objects_used", 1, "Objects stored in extstore."),
    EXT_BYTES_FRAGMENTED("memcached_extstore_bytes_fragmented", Type.GAUGE, Group.EXTSTORE, "", Source.STATS,
            "extstore_bytes_fragmented", 1, "Fragmented bytes in extstore."),
    EXT_BYTES_LIMIT("memcached_extstore_bytes_limit", Type.GAUGE, Group.EXTSTORE, "", Source.STATS,
            "extstore_limit_maxbytes", 1, "Extstore size limit in bytes."),
    EXT_IO_QUEUE_DEPTH("memcached_extstore_io_queue_depth", Type.GAUGE, Group.EXTSTORE, "", Source.STATS,
            "extstore_io_queue", 1, "Extstore IO queue depth."),

    // ---- proxy ----
    PROXY_CONN_REQUESTS("memcached_proxy_conn_requests_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "proxy_conn_requests", 1, "Requests received by the proxy."),
    PROXY_CONN_ERRORS("memcached_proxy_conn_errors_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "proxy_conn_errors", 1, "Proxy connection errors."),
    PROXY_CONN_OOM("memcached_proxy_conn_oom_total", Type.COUNTER, Group.PROXY, "", Source.STATS, "proxy_conn_oom",
            1, "Proxy connections that ran out of memory."),
    PROXY_CONFIG_RELOADS("memcached_proxy_config_reloads_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "proxy_config_reloads", 1, "Proxy configuration reloads."),
    PROXY_CONFIG_RELOAD_FAILS("memcached_proxy_config_reload_fails_total", Type.COUNTER, Group.PROXY, "",
            Source.STATS, "proxy_config_reload_fails", 1, "Failed proxy configuration reloads."),
    PROXY_CONFIG_CRON_RUNS("memcached_proxy_config_cron_runs_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "proxy_config_cron_runs", 1, "Proxy configuration cron runs."),
    PROXY_CONFIG_CRON_FAILS("memcached_proxy_config_cron_fails_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "proxy_config_cron_fails", 1, "Failed proxy configuration cron runs."),
    PROXY_BACKEND_MARKED_BAD("memcached_proxy_backend_marked_bad_total", Type.COUNTER, Group.PROXY, "",
            Source.STATS, "proxy_backend_marked_bad", 1, "Times a proxy backend was marked bad."),
    PROXY_REQUEST_FAILED_DEPTH("memcached_proxy_request_failed_depth_total", Type.COUNTER, Group.PROXY, "",
            Source.STATS, "proxy_request_failed_depth", 1, "Proxy requests failed because a backend queue was full."),
    ROUND_ROBIN_FALLBACK("memcached_round_robin_fallback_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "round_robin_fallback", 1, "Connections assigned round-robin because no NAPI id matched."),
    UNEXPECTED_NAPI_IDS("memcached_unexpected_napi_ids_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "unexpected_napi_ids", 1, "Connections with an unexpected NAPI id."),
    PROXY_REQ_ACTIVE("memcached_proxy_req_active", Type.GAUGE, Group.PROXY, "", Source.STATS, "proxy_req_active", 1,
            "Proxy requests in flight."),
    PROXY_BACKEND_TOTAL("memcached_proxy_backend_total", Type.COUNTER, Group.PROXY, "", Source.STATS,
            "proxy_backend_total", 1, "Proxy backends configured: a level; upstream's gauge named _total, typed "
            + "counter here to keep the name (client_java allows _total only on counters). Do not rate() it."),
    PROXY_BACKEND_FAILED("memcached_proxy_backend_failed", Type.GAUGE, Group.PROXY, "", Source.STATS,
            "proxy_backend_failed", 1, "Proxy backends currently failed."),

    // ---- memcached 1.6 stats the official exporter skips ----
    GET_EXPIRED("memcached_get_expired_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "get_expired", 1,
            "Gets that found an expired item."),
    GET_FLUSHED("memcached_get_flushed_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "get_flushed", 1,
            "Gets that found an item invalidated by flush_all."),
    CMD_GET("memcached_cmd_get_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "cmd_get", 1,
            "Keys requested by get commands (hits + misses)."),
    CMD_TOUCH("memcached_cmd_touch_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "cmd_touch", 1,
            "Keys requested by touch commands."),
    CMD_META("memcached_cmd_meta_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "cmd_meta", 1,
            "Meta-protocol commands."),
    EVICTED_ACTIVE("memcached_items_evicted_active_total", Type.COUNTER, Group.EXTRA, "", Source.STATS,
            "evicted_active", 1, "Items evicted although they were recently active."),
    THREADS("memcached_threads", Type.GAUGE, Group.EXTRA, "", Source.STATS, "threads", 1, "Worker threads."),
    HASH_POWER_LEVEL("memcached_hash_power_level", Type.GAUGE, Group.EXTRA, "", Source.STATS, "hash_power_level", 1,
            "Hash table size as a power of two."),
    HASH_BYTES("memcached_hash_bytes", Type.GAUGE, Group.EXTRA, "", Source.STATS, "hash_bytes", 1,
            "Bytes used by the hash table."),
    HASH_EXPANDING("memcached_hash_is_expanding", Type.GAUGE, Group.EXTRA, "", Source.STATS, "hash_is_expanding", 1,
            "1 while the hash table is being expanded."),
    SLAB_REASSIGN_RESCUES("memcached_slab_reassign_rescues_total", Type.COUNTER, Group.EXTRA, "", Source.STATS,
            "slab_reassign_rescues", 1, "Items rescued while a page was moved between slab classes."),
    SLAB_REASSIGN_CHUNK_RESCUES("memcached_slab_reassign_chunk_rescues_total", Type.COUNTER, Group.EXTRA, "",
            Source.STATS, "slab_reassign_chunk_rescues", 1, "Chunks rescued during page moves."),
    SLAB_REASSIGN_EVICTIONS_NOMEM("memcached_slab_reassign_evictions_nomem_total", Type.COUNTER, Group.EXTRA, "",
            Source.STATS, "slab_reassign_evictions_nomem", 1, "Items evicted during page moves for lack of memory."),
    SLAB_REASSIGN_INLINE_RECLAIM("memcached_slab_reassign_inline_reclaim_total", Type.COUNTER, Group.EXTRA, "",
            Source.STATS, "slab_reassign_inline_reclaim", 1, "Inline reclaims during page moves."),
    SLAB_REASSIGN_BUSY_ITEMS("memcached_slab_reassign_busy_items_total", Type.COUNTER, Group.EXTRA, "",
            Source.STATS, "slab_reassign_busy_items", 1, "Busy items met during page moves."),
    SLAB_REASSIGN_BUSY_DELETES("memcached_slab_reassign_busy_deletes_total", Type.COUNTER, Group.EXTRA, "",
            Source.STATS, "slab_reassign_busy_deletes", 1, "Busy deletes met during page moves."),
    SLAB_REASSIGN_RUNNING("memcached_slab_reassign_running", Type.GAUGE, Group.EXTRA, "", Source.STATS,
            "slab_reassign_running", 1, "1 while a page move is running."),
    SLABS_MOVED("memcached_slabs_moved_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "slabs_moved", 1,
            "Pages moved between slab classes."),
    RESPONSE_OBJ_OOM("memcached_response_obj_oom_total", Type.COUNTER, Group.EXTRA, "", Source.STATS,
            "response_obj_oom", 1, "Connections closed because no response object could be allocated."),
    RESPONSE_OBJ_COUNT("memcached_response_objects", Type.GAUGE, Group.EXTRA, "", Source.STATS,
            "response_obj_count", 1, "Response objects allocated."),
    RESPONSE_OBJ_BYTES("memcached_response_obj_bytes", Type.GAUGE, Group.EXTRA, "", Source.STATS,
            "response_obj_bytes", 1, "Bytes used by response objects."),
    READ_BUF_OOM("memcached_read_buf_oom_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "read_buf_oom", 1,
            "Connections closed because no read buffer could be allocated."),
    READ_BUF_COUNT("memcached_read_buffers", Type.GAUGE, Group.EXTRA, "", Source.STATS, "read_buf_count", 1,
            "Read buffers allocated."),
    READ_BUF_BYTES("memcached_read_buf_bytes", Type.GAUGE, Group.EXTRA, "", Source.STATS, "read_buf_bytes", 1,
            "Bytes used by read buffers."),
    READ_BUF_BYTES_FREE("memcached_read_buf_bytes_free", Type.GAUGE, Group.EXTRA, "", Source.STATS,
            "read_buf_bytes_free", 1, "Bytes in cached, unused read buffers."),
    AUTH_COMMANDS("memcached_auth_commands_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "auth_cmds", 1,
            "Authentication commands."),
    AUTH_ERRORS("memcached_auth_errors_total", Type.COUNTER, Group.EXTRA, "", Source.STATS, "auth_errors", 1,
            "Failed authentications."),
    TIME_LISTEN_DISABLED("memcached_time_in_listen_disabled_seconds_total", Type.COUNTER, Group.EXTRA, "",
            Source.STATS, "time_in_listen_disabled_us", 1e-6,
            "Seconds the listener spent disabled (memcached reports microseconds)."),

    // ---- the exporter itself ----
    PARSE_ERRORS("memcached_exporter_parse_errors_total", Type.COUNTER, Group.EXPORTER, "", Source.DERIVED, null, 1,
            "Lines or values of memcached's answers that could not be parsed (independent of memcached_up)."),
    SCRAPE_ERRORS("memcached_exporter_scrape_errors_total", Type.COUNTER, Group.EXPORTER, "", Source.DERIVED, null,
            1, "Reads of the memcached instance that failed (memcached_up 0), counted by the exporter since it "
            + "started, over every scraper and endpoint."),
    SCRAPE_DURATION("memcached_exporter_scrape_duration_seconds", Type.GAUGE, Group.EXPORTER, "", Source.DERIVED,
            null, 1, "Seconds the last scrape of the memcached instance took."),
    BUILD_INFO("memcached_exporter_build_info", Type.INFO, Group.EXPORTER, "version,java_version", Source.DERIVED,
            null, 1, "The exporter's version and Java runtime; the value is always 1."),
    DISCOVERY_TARGETS("memcached_exporter_discovered_targets", Type.GAUGE, Group.EXPORTER, "", Source.DERIVED, null,
            1, "Instances found by the last discovery lookup."),
    DISCOVERY_ERRORS("memcached_exporter_discovery_errors_total", Type.COUNTER, Group.EXPORTER, "", Source.DERIVED,
            null, 1, "Discovery lookups that failed.");

    /** How the family is typed in the exposition. */
    public enum Type {
        GAUGE, COUNTER,
        /** A monotonic value whose upstream name lacks {@code _total}: exposed untyped so the name is kept. */
        UNTYPED,
        /** Labels carrying information, value 1: a gauge in the Prometheus text format, info in OpenMetrics. */
        INFO
    }

    /** Which part of the contract or which extension a family belongs to. */
    public enum Group { CORE, LRU, SLAB, EXTSTORE, PROXY, EXTRA, EXPORTER }

    /** Where the value comes from. */
    public enum Source { STATS, SETTINGS, SLABS, SLABS_TOTAL, ITEMS, DERIVED }

    private final String sampleName;
    private final Type type;
    private final Group group;
    private final List<String> labels;
    private final Source source;
    private final String stat;
    private final double scale;
    private final String help;

    Family(String sampleName, Type type, Group group, String labels, Source source, String stat, double scale,
           String help) {
        this.sampleName = sampleName;
        this.type = type;
        this.group = group;
        this.labels = labels.isEmpty() ? List.of() : List.of(labels.split(","));
        this.source = source;
        this.stat = stat;
        this.scale = scale;
        this.help = help;
    }

    /** The name as it appears on sample lines (with {@code _total} for counters). */
    public String sampleName() {
        return sampleName;
    }

    /** The name client_java wants in a snapshot: without the {@code _total} or {@code _info} suffix it adds. */
    String snapshotName() {
        if (type == Type.COUNTER) {
            return sampleName.substring(0, sampleName.length() - "_total".length());
        }
        return type == Type.INFO ? sampleName.substring(0, sampleName.length() - "_info".length()) : sampleName;
    }

    public Type type() {
        return type;
    }

    public Group group() {
        return group;
    }

    /** Label names, not counting {@code memcached_instance} which discovery mode adds to every memcached family. */
    public List<String> labels() {
        return labels;
    }

    public Source source() {
        return source;
    }

    /** The memcached stat name, or a description for derived families; null for the exporter's own. */
    public String stat() {
        return stat;
    }

    double scale() {
        return scale;
    }

    public String help() {
        return help;
    }
}
