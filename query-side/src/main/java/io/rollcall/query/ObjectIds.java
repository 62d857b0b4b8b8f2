package io.rollcall.query;

import org.bson.types.ObjectId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** Read documents keep ids as ObjectIds (the familiar stored shape); clients may send any string. */
public final class ObjectIds {

    private ObjectIds() {
    }

    /** The ObjectId named by a client's string, or empty if it cannot name one. */
    public static Optional<ObjectId> parse(String id) {
        return id != null && ObjectId.isValid(id) && id.length() == 24 ? Optional.of(new ObjectId(id))
                : Optional.empty();
    }

    /**
     * A stable ObjectId for a document identified by several ids, so that re-applying an event (at-least-once
     * delivery, replays) overwrites the same document instead of adding one.
     */
    public static ObjectId derived(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
            return new ObjectId(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link #derived}, for the documents of one series numbered {@code sequence} (a class's audit entries by
     * position, say): the first 8 bytes name the series (a hash of {@code parts}), the last 4 are the number, so
     * one series' documents sort next to each other in number order. A key's place in the collection's index then
     * follows the series instead of a hash, and a new document lands in the page its predecessor was written to,
     * not in a random one: on a large collection a random one is mostly not cached, and each insert read a page from
     * disk (docs/performance.md, "Audit keys in a class's order"). A number outside 4 bytes falls back to
     * {@link #derived} of the parts and the number.
     */
    public static ObjectId inSeries(long sequence, String... parts) {
        if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
            String[] all = Arrays.copyOf(parts, parts.length + 1);
            all[parts.length] = Long.toString(sequence);
            return derived(all);
        }
        byte[] id = derived(parts).toByteArray(); // its last 4 bytes give way to the number
        for (int i = 0; i < 4; i++) {
            id[11 - i] = (byte) (sequence >>> (8 * i));
        }
        return new ObjectId(id);
    }
}
