package io.rollcall.query;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadModelIndexesTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    @Test
    void creatingTheIndexesAgainAtEachStartIsHarmless() {
        MongoDatabase database = mongo.freshDatabase();
        ReadModelIndexes indexes = new ReadModelIndexes(database);

        indexes.create();
        List<Document> once = listed(database);
        indexes.create();

        assertThat(listed(database)).isEqualTo(once);
    }

    private static List<Document> listed(MongoDatabase database) {
        List<Document> all = new ArrayList<>();
        ReadModelIndexes.INDEXES.forEach(index -> database.getCollection(index.collection()).listIndexes().into(all));
        return all;
    }
}
