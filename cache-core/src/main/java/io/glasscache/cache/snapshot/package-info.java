/**
 * Internal: the failover snapshot file format and its generations on disk. Not API.
 */
package io.glasscache.cache.snapshot;
