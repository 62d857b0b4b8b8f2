package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One collection's pending writes, in order, where an update of a document by {@code _id} that only sets fields
 * ({@code $set}, {@code $max}) is folded into the previous such update of the same document. A batch of marks
 * of one session then rewrites the session's documents once instead of once per mark: on the embedded server
 * each update copies and serializes the whole document. The result is the same as applying them one by one.
 */
final class CoalescedWrites {

    private static final Set<String> FOLDABLE = Set.of("$set", "$max");

    private final MongoCollection<Document> collection;
    private final List<WriteModel<Document>> writes = new ArrayList<>();
    /** For each document (by _id): the index of its last write, if that write can take more fields. */
    private final Map<BsonValue, Integer> foldable = new HashMap<>();

    CoalescedWrites(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    MongoCollection<Document> collection() {
        return collection;
    }

    List<WriteModel<Document>> writes() {
        return writes;
    }

    void add(WriteModel<Document> write) {
        BsonValue id = idNamedBy(write);
        if (id == null) {
            foldable.clear(); // it may touch any document: nothing before it is folded into after it
            writes.add(write);
            return;
        }
        Integer previous = foldable.remove(id);
        if (previous != null && write instanceof UpdateOneModel<Document> update && isFoldable(update)) {
            UpdateOneModel<Document> merged = fold((UpdateOneModel<Document>) writes.get(previous), update);
            if (merged != null) {
                writes.set(previous, merged);
                foldable.put(id, previous);
                return;
            }
        }
        writes.add(write);
        if (write instanceof UpdateOneModel<Document> update && isFoldable(update)) {
            foldable.put(id, writes.size() - 1);
        }
    }

    /** The _id a write names exactly, or null if its filter is anything else. */
    private BsonValue idNamedBy(WriteModel<Document> write) {
        BsonDocument filter = write instanceof UpdateOneModel<Document> update ? bson(update.getFilter())
                : write instanceof ReplaceOneModel<Document> replace ? bson(replace.getFilter())
                : write instanceof DeleteOneModel<Document> delete ? bson(delete.getFilter())
                : null;
        if (filter == null || filter.size() != 1 || !filter.containsKey("_id")) {
            return null;
        }
        BsonValue id = filter.get("_id");
        return id.isDocument() ? null : id; // {_id: {$in: ...}} and the like are not one document
    }

    private boolean isFoldable(UpdateOneModel<Document> update) {
        return update.getUpdatePipeline() == null && FOLDABLE.containsAll(bson(update.getUpdate()).keySet());
    }

    /** The two updates as one, or null if they cannot be (other options, or paths that would collide). */
    private UpdateOneModel<Document> fold(UpdateOneModel<Document> first, UpdateOneModel<Document> second) {
        if (first.getOptions().isUpsert() != second.getOptions().isUpsert()) {
            return null;
        }
        BsonDocument merged = bson(first.getUpdate()).clone();
        for (Map.Entry<String, BsonValue> operator : bson(second.getUpdate()).entrySet()) {
            BsonDocument into = merged.containsKey(operator.getKey())
                    ? merged.getDocument(operator.getKey()) : new BsonDocument();
            for (Map.Entry<String, BsonValue> field : operator.getValue().asDocument().entrySet()) {
                if (collides(merged, field.getKey())) {
                    return null;
                }
                BsonValue earlier = into.get(field.getKey());
                boolean keepEarlier = operator.getKey().equals("$max") && earlier != null
                        && earlier.isNumber() && field.getValue().isNumber()
                        && earlier.asNumber().doubleValue() >= field.getValue().asNumber().doubleValue();
                if (operator.getKey().equals("$max") && earlier != null && !keepEarlier
                        && !(earlier.isNumber() && field.getValue().isNumber())) {
                    return null; // $max of values this cannot compare: leave them apart
                }
                if (!keepEarlier) {
                    into.put(field.getKey(), field.getValue());
                }
            }
            merged.put(operator.getKey(), into);
        }
        return new UpdateOneModel<>(first.getFilter(), merged,
                new UpdateOptions().upsert(first.getOptions().isUpsert()));
    }

    /** Whether a field path overlaps another path of the update (a.b beside a), which MongoDB refuses. */
    private static boolean collides(BsonDocument update, String path) {
        for (BsonValue fields : update.values()) {
            for (String other : fields.asDocument().keySet()) {
                if (!other.equals(path) && (other.startsWith(path + ".") || path.startsWith(other + "."))) {
                    return true;
                }
            }
        }
        return false;
    }

    private BsonDocument bson(org.bson.conversions.Bson bson) {
        return bson == null ? null : bson.toBsonDocument(Document.class, collection.getCodecRegistry());
    }
}
