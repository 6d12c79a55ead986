package io.glasscache.cache.snapshot;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The snapshot file format, version {@value #FORMAT_VERSION} (all integers big-endian):
 *
 * <pre>
 * header  (32 bytes): magic "GCFOSNAP" | format version u32 | schema id i32 | created-at epoch ms i64
 *                     | reserved u32 | CRC32C of the preceding 28 bytes
 * record  (repeated): marker "GCR1" | body length u32 | CRC32C of body | body
 *   body:             schema id i32 | recorded-at epoch ms i64 | group length u16 | group UTF-8
 *                     | segment length u16 | segment UTF-8 | payload length u32 | payload (Kryo bytes)
 * footer  (32 bytes): magic "GCFOEND!" | record count i64 | created-at epoch ms i64 | reserved u32
 *                     | CRC32C of the preceding 28 bytes
 * </pre>
 *
 * A file without a valid footer is incomplete (truncated). A damaged record is skipped by scanning forward to the
 * next marker, so one flipped bit costs one record, not the rest of the file.
 */
public final class SnapshotFile {

    public static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 32;
    static final int FOOTER_BYTES = 32;
    static final int RECORD_MARKER = 0x47435231; // "GCR1"
    static final int RECORD_OVERHEAD = 12;
    private static final byte[] MAGIC = "GCFOSNAP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FOOTER_MAGIC = "GCFOEND!".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_BODY = 4 + 8 + 2 + 1 + 2 + 4;
    private static final int BUFFER_BYTES = 256 * 1024;

    private SnapshotFile() {
    }

    /** One value read back from a snapshot: its key's group and segment (unchecked), when it was recorded. */
    public record Entry(String group, String segment, long recordedAt, byte[] payload) {
    }

    /** What the cache did with a valid entry. */
    public enum Accepted { RESTORED, CORRUPT, REJECTED }

    /** Receives each valid, compatible, young-enough entry. */
    public interface EntryConsumer {
        Accepted accept(Entry entry);
    }

    /** Counts for one file. Public fields: a plain tally filled by the reader, read once by the cache. */
    public static final class Tally {
        public boolean headerValid;
        public boolean complete;
        public int formatVersion;
        public int schemaId;
        public long createdAt;
        public long restored;
        public long corrupt;
        public long truncated;
        public long tooOld;
        public long incompatible;
        public long rejected;
        public final List<String> problems = new ArrayList<>();
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Writes one snapshot file through a buffer; {@link #finish()} appends the footer and syncs. */
    public static final class Writer implements Closeable {
        private final SnapshotChannels.Sink sink;
        private final int schemaId;
        private final long createdAt;
        private final CRC32C crc = new CRC32C();
        private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        private long records;
        private long bytes;

        public Writer(SnapshotChannels.Sink sink, int schemaId, long createdAt) throws IOException {
            this.sink = sink;
            this.schemaId = schemaId;
            this.createdAt = createdAt;
            buffer.put(MAGIC).putInt(FORMAT_VERSION).putInt(schemaId).putLong(createdAt).putInt(0);
            putCrc(0, 28);
        }

        public void write(byte[] group, byte[] segment, long recordedAt, byte[] payload, int payloadOffset,
                   int payloadLength) throws IOException {
            int body = 4 + 8 + 2 + group.length + 2 + segment.length + 4 + payloadLength;
            int total = RECORD_OVERHEAD + body;
            if (buffer.remaining() < total) {
                flush();
                if (buffer.capacity() < total) {
                    buffer = ByteBuffer.allocate(total);
                }
            }
            int start = buffer.position();
            buffer.putInt(RECORD_MARKER).putInt(body).putInt(0)
                    .putInt(schemaId).putLong(recordedAt)
                    .putShort((short) group.length).put(group)
                    .putShort((short) segment.length).put(segment)
                    .putInt(payloadLength).put(payload, payloadOffset, payloadLength);
            crc.reset();
            crc.update(buffer.array(), start + RECORD_OVERHEAD, body);
            buffer.putInt(start + 8, (int) crc.getValue());
            records++;
        }

        /** Appends the footer, writes everything out and fsyncs. */
        public void finish() throws IOException {
            if (buffer.remaining() < FOOTER_BYTES) {
                flush();
            }
            int start = buffer.position();
            buffer.put(FOOTER_MAGIC).putLong(records).putLong(createdAt).putInt(0);
            putCrc(start, 28);
            flush();
            sink.sync();
        }

        public long records() {
            return records;
        }

        public long bytes() {
            return bytes;
        }

        private void putCrc(int start, int length) {
            crc.reset();
            crc.update(buffer.array(), start, length);
            buffer.putInt((int) crc.getValue());
        }

        private void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                int n = sink.write(buffer);
                if (n < 0) {
                    throw new IOException("snapshot channel refused to write");
                }
                bytes += n;
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads only the header and footer: is the file well-formed and complete, and in which format? */
    public static Tally inspect(Path file) {
        Tally tally = new Tally();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_BYTES) {
                tally.problems.add(file.getFileName() + ": " + size + " bytes, shorter than a header");
                return tally;
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            readFully(channel, header, 0);
            readHeader(header, tally, file);
            if (tally.headerValid && size >= HEADER_BYTES + FOOTER_BYTES) {
                ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES);
                readFully(channel, footer, size - FOOTER_BYTES);
                tally.complete = footerValid(footer, tally.createdAt);
            }
        } catch (IOException | RuntimeException e) {
            tally.headerValid = false;
            tally.problems.add(file.getFileName() + ": unreadable (" + e + ")");
        }
        return tally;
    }

    /**
     * Reads every record of {@code file}, handing valid ones of {@code schemaId} recorded after {@code oldestMillis}
     * to {@code consumer}; everything else is counted in the returned tally. Never throws.
     */
    public static Tally read(Path file, int schemaId, long oldestMillis, int maxBodyBytes, EntryConsumer consumer) {
        Tally tally = inspect(file);
        if (!tally.headerValid || tally.formatVersion != FORMAT_VERSION) {
            return tally;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                tally.problems.add(file.getFileName() + ": larger than 2 GiB, only the first 2 GiB read");
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE));
            int end = (int) Math.min(Integer.MAX_VALUE, tally.complete ? size - FOOTER_BYTES : size);
            readRecords(map, end, schemaId, oldestMillis, maxBodyBytes, consumer, tally, file);
        } catch (IOException | RuntimeException e) {
            tally.corrupt++;
            tally.problems.add(file.getFileName() + ": read failed (" + e + ")");
        }
        return tally;
    }

    private static void readRecords(ByteBuffer map, int end, int schemaId, long oldestMillis, int maxBodyBytes,
                                    EntryConsumer consumer, Tally tally, Path file) {
        CRC32C crc = new CRC32C();
        int pos = HEADER_BYTES;
        int damagedRegions = 0;
        while (pos < end) {
            if (end - pos < RECORD_OVERHEAD) {
                countTruncated(tally, file, pos);
                return;
            }
            int marker = map.getInt(pos);
            int length = map.getInt(pos + 4);
            boolean framed = marker == RECORD_MARKER && length >= MIN_BODY && length <= maxBodyBytes;
            if (framed && (long) pos + RECORD_OVERHEAD + length > end) {
                if (!tally.complete) {
                    countTruncated(tally, file, pos);
                    return;
                }
                framed = false;
            }
            if (framed) {
                crc.reset();
                ByteBuffer body = map.duplicate();
                body.limit(pos + RECORD_OVERHEAD + length).position(pos + RECORD_OVERHEAD);
                crc.update(body);
                framed = (int) crc.getValue() == map.getInt(pos + 8);
            }
            if (!framed) {
                tally.corrupt++;
                if (damagedRegions++ < 5) {
                    tally.problems.add(file.getFileName() + ": damaged record at byte " + pos);
                }
                pos = nextMarker(map, pos + 1, end);
                continue;
            }
            readBody(map, pos + RECORD_OVERHEAD, length, schemaId, oldestMillis, consumer, tally);
            pos += RECORD_OVERHEAD + length;
        }
    }

    private static void readBody(ByteBuffer map, int start, int length, int schemaId, long oldestMillis,
                                 EntryConsumer consumer, Tally tally) {
        ByteBuffer body = map.duplicate();
        body.limit(start + length).position(start);
        try {
            int recordSchema = body.getInt();
            if (recordSchema != schemaId) {
                tally.incompatible++;
                return;
            }
            long recordedAt = body.getLong();
            String group = string(body);
            String segment = string(body);
            int payloadLength = body.getInt();
            if (payloadLength != body.remaining()) {
                tally.corrupt++;
                return;
            }
            if (recordedAt < oldestMillis) {
                tally.tooOld++;
                return;
            }
            byte[] payload = new byte[payloadLength];
            body.get(payload);
            switch (consumer.accept(new Entry(group, segment, recordedAt, payload))) {
                case RESTORED -> tally.restored++;
                case CORRUPT -> tally.corrupt++;
                case REJECTED -> tally.rejected++;
            }
        } catch (RuntimeException e) { // a CRC-valid body that does not parse (or names no valid key): foreign
            tally.corrupt++;
        }
    }

    private static String string(ByteBuffer body) {
        int length = Short.toUnsignedInt(body.getShort());
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int nextMarker(ByteBuffer map, int from, int end) {
        for (int p = from; p <= end - 4; p++) {
            if (map.get(p) == 'G' && map.getInt(p) == RECORD_MARKER) {
                return p;
            }
        }
        return end;
    }

    private static void countTruncated(Tally tally, Path file, int pos) {
        tally.truncated++;
        tally.problems.add(file.getFileName() + ": truncated at byte " + pos);
    }

    private static void readHeader(ByteBuffer header, Tally tally, Path file) {
        byte[] magic = new byte[MAGIC.length];
        header.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            tally.problems.add(file.getFileName() + ": not a failover snapshot (bad magic)");
            return;
        }
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 28);
        if ((int) crc.getValue() != header.getInt(28)) {
            tally.problems.add(file.getFileName() + ": header checksum mismatch");
            return;
        }
        tally.headerValid = true;
        tally.formatVersion = header.getInt(8);
        tally.schemaId = header.getInt(12);
        tally.createdAt = header.getLong(16);
        if (tally.formatVersion != FORMAT_VERSION) {
            tally.problems.add(file.getFileName() + ": format version " + tally.formatVersion
                    + " (this build reads " + FORMAT_VERSION + ")");
        }
    }

    private static boolean footerValid(ByteBuffer footer, long createdAt) {
        byte[] magic = new byte[FOOTER_MAGIC.length];
        footer.get(0, magic);
        if (!Arrays.equals(magic, FOOTER_MAGIC)) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(footer.array(), 0, 28);
        return (int) crc.getValue() == footer.getInt(28) && footer.getLong(16) == createdAt;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        buffer.flip();
    }
}
