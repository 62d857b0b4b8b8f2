package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescedWritesTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    @Test
    void foldedWritesLeaveTheSameDocumentsAsOneByOneInFewerWrites() {
        List<WriteModel<Document>> writes = new ArrayList<>();
        writes.add(new ReplaceOneModel<>(Filters.eq("_id", "session"), new Document("_id", "session")
                .append("marks", new Document()), new ReplaceOptions().upsert(true)));
        for (int i = 0; i < 30; i++) {
            writes.add(new UpdateOneModel<>(Filters.eq("_id", "session"),
                    Updates.set("marks.s" + (i % 7), i % 2 == 0 ? "present" : "absent")));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", "head"), Updates.max("position", (long) (i * 13 % 31)),
                    UPSERT));
            writes.add(new UpdateOneModel<>(Filters.eq("_id", i % 2 == 0 ? "even" : "odd"), Updates.combine(
                    Updates.set("classId", "c"), Updates.set("positions." + i, true)), UPSERT));
        }
        writes.add(new UpdateOneModel<>(Filters.eq("_id", "session"), Updates.set("state", "finalized")));

        MongoCollection<Document> oneByOne = mongo.freshDatabase().getCollection("docs");
        writes.forEach(w -> oneByOne.bulkWrite(List.of(w)));
        MongoCollection<Document> folded = mongo.freshDatabase().getCollection("docs");
        CoalescedWrites coalesced = new CoalescedWrites(folded);
        writes.forEach(coalesced::add);
        folded.bulkWrite(coalesced.writes());

        assertThat(all(folded)).isEqualTo(all(oneByOne));
        assertThat(coalesced.writes()).as("one replace, then one update per document").hasSize(5);
    }

    @Test
    void nothingIsFoldedAcrossAReplaceOrAnotherOperatorOfTheSameDocument() {
        MongoDatabase database = mongo.freshDatabase();
        CoalescedWrites coalesced = new CoalescedWrites(database.getCollection("docs"));
        coalesced.add(new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.set("x", 1), UPSERT));
        coalesced.add(new ReplaceOneModel<>(Filters.eq("_id", "a"), new Document("_id", "a")));
        coalesced.add(new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.set("y", 2), UPSERT));
        coalesced.add(new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.addToSet("z", 3)));
        coalesced.add(new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.set("w", 4), UPSERT));
        coalesced.add(new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.set("w.v", 5), UPSERT)); // collides

        assertThat(coalesced.writes()).hasSize(6);
    }

    private static List<Document> all(MongoCollection<Document> collection) {
        return collection.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
}
