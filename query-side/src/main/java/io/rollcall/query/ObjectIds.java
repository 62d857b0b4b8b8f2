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
}
