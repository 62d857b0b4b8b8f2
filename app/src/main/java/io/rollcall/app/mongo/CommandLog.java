package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The journal file's write-ahead log: each journaled command on it, appended before its reply, until the file's
 * next commit takes it in. An H2 commit re-serializes every page the write touched (for an event, the newest leaf
 * of the events and of each of their indexes); one append here is one small write. Like a commit without a sync,
 * an append is in the operating system's cache when the reply leaves, so it survives the process being killed.
 * <p>
 * Each entry carries the generation it belongs to: the journal file's store version + 1 when it was written. A
 * commit that takes the entries in sets the store version to their generation in the same commit, then empties
 * this file; after a crash between the two, the entries already committed are told apart by their generation.
 * An entry is {@code [length][crc32][BSON {g, db, c}]}; reading stops at the first one cut short or damaged
 * (a crash during its write: it was never acknowledged).
 */
final class CommandLog implements AutoCloseable {

    record Entry(int generation, String database, Document command) {
    }

    private static final int HEADER_BYTES = 8;

    private final FileChannel channel;
    private final List<Entry> found;

    private CommandLog(FileChannel channel, List<Entry> found) {
        this.channel = channel;
        this.found = found;
    }

    /** Opens (or creates) the log at {@code path}, reading the entries a crash may have left in it. */
    static CommandLog open(Path path) throws IOException {
        List<Entry> found = read(path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new CommandLog(channel, found);
    }

    /** The entries the log held when it was opened, in the order they were written. */
    List<Entry> found() {
        return found;
    }

    /** Appends one entry; once this returns, a crash of the process does not lose it. */
    void append(int generation, String database, Document command) throws IOException {
        ByteBuf buffer = Unpooled.buffer(256);
        buffer.writeZero(HEADER_BYTES);
        BsonEncoder.encodeDocument(new Document("g", generation).append("db", database).append("c", command), buffer);
        int length = buffer.writerIndex() - HEADER_BYTES;
        CRC32 crc = new CRC32();
        crc.update(buffer.nioBuffer(HEADER_BYTES, length));
        buffer.setInt(0, length);
        buffer.setInt(4, (int) crc.getValue());
        ByteBuffer bytes = buffer.nioBuffer();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Empties the log: everything in it is in the committed journal file. */
    void clear() throws IOException {
        channel.truncate(0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static List<Entry> read(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        while (in.readableBytes() >= HEADER_BYTES) {
            int length = in.readInt();
            int expected = in.readInt();
            if (length <= 0 || length > in.readableBytes()) {
                break; // cut short by a crash
            }
            ByteBuf payload = in.readSlice(length);
            CRC32 crc = new CRC32();
            crc.update(payload.nioBuffer());
            if ((int) crc.getValue() != expected) {
                break;
            }
            Document entry = BsonDecoder.decodeBson(payload);
            entries.add(new Entry(((Number) entry.get("g")).intValue(), (String) entry.get("db"),
                    (Document) entry.get("c")));
        }
        return List.copyOf(entries);
    }
}
