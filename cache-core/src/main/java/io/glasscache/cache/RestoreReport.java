package io.glasscache.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link FailoverCache#restore()}. Restoring never throws: every problem is counted here (and in the
 * metrics) and logged.
 *
 * @param cache               the cache name
 * @param file                the snapshot file restored from, {@code null} if none was usable
 * @param generation          that file's generation number, {@code -1} if none
 * @param snapshotAge         how old that snapshot was when restored ({@code created-at} to now), {@code null} if none
 * @param restored            values put back into the cache
 * @param skippedCorrupt      records whose CRC32C or framing did not check out, or whose value did not decode
 * @param skippedTruncated    records cut short by the end of the file (at most one per file)
 * @param skippedTooOld       records older than the maximum snapshot age
 * @param skippedIncompatible records written with another schema id (an incompatible build) or in an unknown format
 *                            version; a whole unreadable file counts once here or under corrupt
 * @param skippedRejected     valid records the cache could not take (more keys than its cap, store full, too large)
 * @param took                how long restoring took
 * @param problems            one line per skipped file or damaged region, for logs and operators
 */
public record RestoreReport(String cache, Path file, long generation, Duration snapshotAge, long restored,
                            long skippedCorrupt, long skippedTruncated, long skippedTooOld, long skippedIncompatible,
                            long skippedRejected, Duration took, List<String> problems) {

    public RestoreReport {
        problems = List.copyOf(problems);
    }

    /** All skipped records together. */
    public long skipped() {
        return skippedCorrupt + skippedTruncated + skippedTooOld + skippedIncompatible + skippedRejected;
    }

    /** The snapshot file restored from, if any. */
    public Optional<Path> optionalFile() {
        return Optional.ofNullable(file);
    }

    /** The age of the snapshot restored from, if any. */
    public Optional<Duration> optionalSnapshotAge() {
        return Optional.ofNullable(snapshotAge);
    }
}
