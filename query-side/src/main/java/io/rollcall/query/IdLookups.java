package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads documents by their keys only ({@code _id $in}), the one kind of query the embedded server answers
 * from an index; long key lists go in several queries so no query document grows without bound.
 */
final class IdLookups {

    /** Keys per query. */
    static final int CHUNK = 1_000;

    private IdLookups() {
    }

    /** The documents with these ids, in no particular order; ids without a document are left out. */
    static List<Document> byIds(MongoCollection<Document> collection, List<?> ids) {
        List<Document> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            collection.find(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + CHUNK)))).into(found);
        }
        return found;
    }
}
