package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.Map;

/**
 * How the embedded server's H2 file stores documents and index keys. H2's default type writes any object it
 * does not know with Java serialization, and orders such keys by serializing both sides of every comparison:
 * each commit re-serialized every document and index key of the touched pages that way, each page read back
 * deserialized them, and each unique-index lookup serialized two keys per step of its binary search (a profile
 * put a third of a mark's CPU there). Here documents and index keys are written as BSON, the server's own
 * format, object ids (most documents' {@code _id}, so a key of most maps) as their 12 bytes, and index keys
 * are compared as MongoDB compares values. Everything else, and every value written before, is read and
 * written as H2 does it; only the order of index keys changed, so index maps written before are re-sorted once
 * (see {@link BsonStorage}).
 */
final class BsonValuesDataType extends ObjectDataType {

    /** Tags H2's own type does not use (its highest is 119). */
    private static final int TAG_BSON_DOCUMENT = 120;
    private static final int TAG_BSON_KEY = 121;
    private static final int TAG_OBJECT_ID = 122;
    private static final int OBJECT_ID_BYTES = 12;

    private static final Comparator<Object> VALUES = ValueComparator.ascWithoutListHandling();

    /**
     * H2's order of other values, one instance per thread: H2's type remembers the kind of the last value it met
     * in a field, and compares two values it serializes (object ids, documents) only if that field held one kind
     * across both of its reads. Shared by every map and thread, it threw "Can not compare" when another thread
     * met a string or a number in between.
     */
    private static final ThreadLocal<ObjectDataType> H2_ORDER = ThreadLocal.withInitial(ObjectDataType::new);

    static final BsonValuesDataType INSTANCE = new BsonValuesDataType();

    private final EncodedValues encoded = new EncodedValues();

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj != null && obj.getClass() == ObjectId.class) { // the _id of most documents: a key of every map
            buff.put((byte) TAG_OBJECT_ID).put(((ObjectId) obj).toByteArray());
            return;
        }
        if (obj instanceof Document document && writeBson(buff, TAG_BSON_DOCUMENT, bsonOf(document))
                || obj instanceof KeyValue key && writeBson(buff, TAG_BSON_KEY, bsonOf(key))) {
            return;
        }
        super.write(buff, obj);
    }

    /**
     * As remembered, else encoded now; not remembered here: this runs on H2's serialization thread, which may
     * meet a document while mongo-java-server is changing it in place (its put will remember the result).
     */
    private byte[] bsonOf(Document document) {
        byte[] bson = encoded.get(document);
        return bson != null ? bson : encoded(document);
    }

    /** Index keys never change: encoded once, then remembered. */
    private byte[] bsonOf(KeyValue key) {
        byte[] bson = encoded.get(key);
        if (bson == null) {
            bson = encoded(asDocument(key));
            if (bson != null) {
                encoded.remember(key, bson);
            }
        }
        return bson;
    }

    /**
     * Called as a document is put into a map, by the thread that last changed it. Locked on the document: should
     * two connections update one document at once, the later put's BSON, encoded after the earlier's, is kept.
     */
    void remember(Document document) {
        synchronized (document) {
            byte[] bson = encoded(document);
            if (bson != null) {
                encoded.remember(document, bson);
            }
        }
    }

    /** Writes {@code bson} under {@code tag}; false (nothing written) if the value could not be encoded. */
    private static boolean writeBson(WriteBuffer buff, int tag, byte[] bson) {
        if (bson == null) {
            return false;
        }
        buff.put((byte) tag).putVarInt(bson.length).put(bson);
        return true;
    }

    /** An index key's values as a document {"0": first, "1": second, ...}, which BSON can carry. */
    private static Document asDocument(KeyValue key) {
        Document values = new Document();
        for (int i = 0; i < key.size(); i++) {
            values.put(Integer.toString(i), key.get(i));
        }
        return values;
    }

    /** The document as BSON; null if it holds a value BSON cannot carry (then it is written as before). */
    private static byte[] encoded(Document document) {
        ByteBuf out = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } catch (RuntimeException notBson) {
            return null;
        } finally {
            out.release();
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        int tag = buff.get(buff.position()) & 0xff;
        if (tag != TAG_BSON_DOCUMENT && tag != TAG_BSON_KEY && tag != TAG_OBJECT_ID) {
            return super.read(buff);
        }
        buff.get();
        if (tag == TAG_OBJECT_ID) {
            byte[] id = new byte[OBJECT_ID_BYTES];
            buff.get(id);
            return new ObjectId(id);
        }
        byte[] bson = new byte[DataUtils.readVarInt(buff)];
        buff.get(bson);
        Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
        Object value = tag == TAG_BSON_DOCUMENT ? document : new KeyValue(document.values());
        encoded.remember(value, bson); // a new object: nobody has changed it yet
        return value;
    }

    /**
     * What a document or key takes in memory, roughly, for H2's page cache. H2's own estimate for objects it
     * serializes is the running average of their Java-serialized size, which nothing updates once they are
     * written as BSON (it stays at its initial 10,000 bytes per value, and the cache would hold a few pages).
     */
    @Override
    public int getMemory(Object obj) {
        return obj instanceof Document || obj instanceof KeyValue || obj instanceof ObjectId ? estimate(obj)
                : super.getMemory(obj);
    }

    private static int estimate(Object value) {
        if (value instanceof String text) {
            return 48 + text.length();
        }
        if (value instanceof Map<?, ?> document) {
            int size = 64;
            for (Map.Entry<?, ?> entry : document.entrySet()) {
                size += 48 + estimate(entry.getKey()) + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Iterable<?> values) { // lists, and the values of an index key
            int size = 40;
            for (Object element : values) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof BinData binary) {
            return 32 + binary.getData().length;
        }
        if (value instanceof ObjectId) {
            return 48;
        }
        return 24; // numbers, dates, booleans, null
    }

    /**
     * Index keys in MongoDB's order of values; a tie between keys that are not equal (values MongoDB ranks alike
     * but Java does not, e.g. 1 and 1.0 where they are not normalized) is broken as H2 would, so the order stays
     * total and consistent with {@code equals}.
     */
    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            int order = Integer.compare(left.size(), right.size());
            for (int i = 0; order == 0 && i < left.size(); i++) {
                order = valueOrder(left.get(i), right.get(i));
            }
            return order != 0 || left.equals(right) ? order : H2_ORDER.get().compare(a, b);
        }
        if (a instanceof String left && b instanceof String right) { // H2's order, without its detour
            return left.compareTo(right);
        }
        if (a != null && b != null && a.getClass() == ObjectId.class && b.getClass() == ObjectId.class) {
            return ((ObjectId) a).compareTo((ObjectId) b); // as H2 orders comparable values of one class
        }
        return H2_ORDER.get().compare(a, b);
    }

    /**
     * MongoDB's order of two values of an index key. The keys of the maps a mark touches hold object ids,
     * strings and whole numbers; for two of one such kind this is what {@link ValueComparator} ends with, without
     * first ranking both kinds by a chain of {@code Class.isAssignableFrom} calls (a profile of warm marks put
     * 3 % of the server's CPU in those calls, from the binary searches of unique-index lookups). Anything else
     * goes to {@link ValueComparator}.
     */
    static int valueOrder(Object a, Object b) {
        Class<?> kind = a == null ? null : a.getClass();
        if (kind != null && b != null && b.getClass() == kind) {
            if (kind == ObjectId.class) {
                return ((ObjectId) a).compareTo((ObjectId) b);
            }
            if (kind == String.class) {
                return ((String) a).compareTo((String) b);
            }
            if (kind == Long.class || kind == Integer.class) {
                return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            }
        }
        return VALUES.compare(a, b);
    }
}
