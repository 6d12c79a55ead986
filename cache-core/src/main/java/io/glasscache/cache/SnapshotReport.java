package io.glasscache.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of {@link FailoverCache#snapshot()}. Snapshotting never throws: a failure (unwritable directory, full
 * disk) leaves the previous generations untouched and is reported here, counted and logged.
 *
 * @param cache      the cache name
 * @param success    whether a new generation was written, synced and renamed into place
 * @param file       the new snapshot file (on success), else {@code null}
 * @param generation its generation number, {@code -1} on failure or when snapshots are disabled
 * @param records    records written
 * @param bytes      file size in bytes
 * @param took       how long it took
 * @param error      what went wrong, {@code null} on success
 */
public record SnapshotReport(String cache, boolean success, Path file, long generation, long records, long bytes,
                             Duration took, String error) {

    /** The new snapshot file, if one was written. */
    public Optional<Path> optionalFile() {
        return Optional.ofNullable(file);
    }

    /** What went wrong, if anything. */
    public Optional<String> optionalError() {
        return Optional.ofNullable(error);
    }
}
