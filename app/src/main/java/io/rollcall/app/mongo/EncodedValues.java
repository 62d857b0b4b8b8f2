package io.rollcall.app.mongo;

/**
 * The BSON of documents and index keys as last written or read, kept by identity so that a value is encoded once
 * instead of at every commit. H2's pages are copy-on-write: a commit serializes every entry of each page it
 * touches, so a document sitting in the page that takes the newest event, or beside a processor's position, was
 * re-encoded at every mark (a count over ten seconds of marks: 45 MB encoded, 24 MB of it the six processors'
 * positions, about 6 KB each). Direct-mapped and bounded: a value that loses its slot is simply encoded again.
 *
 * <p>A document's BSON is remembered only where nobody can be changing it: when it is put into a map (by the thread
 * that changed it; mongo-java-server updates a document in place and then puts it again) and when it is read from
 * the file (a new object). Index keys are immutable and are also remembered when written.
 */
final class EncodedValues {

    private record Entry(Object value, byte[] bson) {
    }

    /** 16,384 slots: at most a few MB of BSON and the documents they hold alive. */
    private static final int SLOT_BITS = 14;

    private final Entry[] slots = new Entry[1 << SLOT_BITS];

    /** The BSON remembered for exactly this object, or null. */
    byte[] get(Object value) {
        Entry entry = slots[slot(value)];
        return entry != null && entry.value() == value ? entry.bson() : null;
    }

    void remember(Object value, byte[] bson) {
        slots[slot(value)] = new Entry(value, bson); // a racing write of the slot leaves one of the two: both valid
    }

    private static int slot(Object value) {
        return (System.identityHashCode(value) * 0x9E3779B9) >>> (Integer.SIZE - SLOT_BITS);
    }
}
