package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IdLookupsTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    @Test
    void aLongKeyListIsReadInQueriesOfAtMostAChunkAndFindsEveryDocument() {
        MongoCollection<Document> collection = mongo.freshDatabase().getCollection("docs");
        List<ObjectId> ids = IntStream.range(0, 2 * IdLookups.CHUNK + 7).mapToObj(i -> new ObjectId()).toList();
        collection.insertMany(ids.stream().map(id -> new Document("_id", id)).toList());
        List<ObjectId> asked = new ArrayList<>(ids);
        asked.add(new ObjectId()); // names nothing: left out

        mongo.commands().clear();
        List<Document> found = IdLookups.byIds(collection, asked);

        assertThat(found).extracting(doc -> doc.getObjectId("_id")).containsExactlyInAnyOrderElementsOf(ids);
        List<BsonDocument> finds = mongo.commands().commands().stream()
                .filter(c -> c.getFirstKey().equals("find")).toList();
        assertThat(finds).hasSize(3);
        finds.forEach(find -> assertThat(find.getDocument("filter").getDocument("_id").getArray("$in").size())
                .isLessThanOrEqualTo(IdLookups.CHUNK));
    }

    @Test
    void noKeysReadNothing() {
        MongoCollection<Document> collection = mongo.freshDatabase().getCollection("docs");

        mongo.commands().clear();

        assertThat(IdLookups.byIds(collection, List.of())).isEmpty();
        assertThat(mongo.commands().commands()).isEmpty();
    }
}
