package io.rollcall.app.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.rollcall.app.config.RollcallSettings;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded H2 file with documents stored as BSON and index keys in MongoDB's order: a file written by plain
 * mongo-java-server (Java serialization, H2's key order) opens with every document and every unique key intact,
 * and what is written afterwards survives restarts too. Over the wire, through the real driver.
 */
class BsonStorageTest {

    private static final String DATABASE = "rollcall";

    @TempDir
    Path dataDir;

    /** An event-like document of every BSON type Rollcall's collections hold. */
    private static Document event(String aggregate, long sequence) {
        return new Document("_id", new ObjectId())
                .append("aggregateIdentifier", aggregate).append("sequenceNumber", sequence)
                .append("timeStamp", new Date(1_700_000_000_000L + sequence)).append("position", sequence * 1.5)
                .append("count", (int) sequence).append("flag", sequence % 2 == 0).append("nothing", null)
                .append("payload", new Binary(("payload " + sequence).getBytes()))
                .append("marks", List.of(new Document("studentId", "s" + sequence).append("status", "present")));
    }

    /** Ids of two lengths: Java serialization orders them by length first, MongoDB by their characters. */
    private static List<Document> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> event("class-" + (i % 13), i)).toList();
    }

    @Test
    void aFileOfPlainMongoJavaServerOpensWholeAndWhatFollowsSurvivesRestarts() {
        List<Document> before = events(0, 300);
        MongoServer plain = new MongoServer(new H2Backend(new MVStore.Builder()
                .fileName(dataDir.resolve("rollcall.mv.db").toString()).open()));
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(plain.bind()))) {
            MongoCollection<Document> events = client.getDatabase(DATABASE).getCollection("events");
            events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"),
                    new IndexOptions().unique(true));
            events.insertMany(before);
        } finally {
            plain.shutdownNow();
        }

        RollcallSettings settings = new RollcallSettings("", dataDir, "", "h2");
        List<Document> after = events(300, 600);
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoCollection<Document> events = connection.client().getDatabase(DATABASE).getCollection("events");
            assertThat(all(events)).containsExactlyElementsOf(sortedById(before));
            assertUniqueKeysHold(events, before);
            events.insertMany(after);
        }

        List<Document> everything = new ArrayList<>(before);
        everything.addAll(after);
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoCollection<Document> events = connection.client().getDatabase(DATABASE).getCollection("events");
            assertThat(all(events)).containsExactlyElementsOf(sortedById(everything));
            assertUniqueKeysHold(events, everything);
        }
    }

    /**
     * mongo-java-server changes a stored document in place and puts it again, and H2 rewrites a page with every
     * change of any of its documents: what reaches the file is each document as last changed, never the BSON
     * remembered from an earlier read or write of it ({@link EncodedValues}).
     */
    @Test
    void documentsChangedInPlaceReachTheFileAsLastChanged() {
        RollcallSettings settings = new RollcallSettings("", dataDir, "", "h2");
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            journaled(connection).insertMany(IntStream.range(0, 40)
                    .mapToObj(i -> new Document("_id", "doc-" + i).append("n", i).append("marks", List.of()))
                    .toList());
        }
        List<Document> expected;
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoCollection<Document> docs = journaled(connection);
            assertThat(docs.countDocuments()).isEqualTo(40); // every document read back from the file
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 40; i += 3) {
                    docs.updateOne(Filters.eq("_id", "doc-" + i), new Document("$inc", new Document("n", 100))
                            .append("$push", new Document("marks", "round " + round)));
                    if (i % 2 == 0) {
                        docs.updateOne(Filters.eq("_id", "doc-" + (i + 1)), new Document("$unset", new Document("n", "")));
                    }
                    docs.insertOne(new Document("_id", "new-" + round + "-" + i)); // the page written again
                }
            }
            expected = docs.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
            assertThat(expected).filteredOn(doc -> doc.get("marks") instanceof List<?> marks && marks.size() == 5)
                    .hasSize(14);
        }
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            assertThat(journaled(connection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                    .containsExactlyElementsOf(expected);
        }
    }

    private static MongoCollection<Document> journaled(DatabaseConnection connection) {
        return connection.client().getDatabase(DATABASE).getCollection("docs")
                .withWriteConcern(com.mongodb.WriteConcern.JOURNALED);
    }

    @Test
    void aDocumentIsWrittenAsBsonAndReadBackEqual() {
        de.bwaldvogel.mongo.bson.Document document = new de.bwaldvogel.mongo.bson.Document("_id", "x")
                .append("n", 42L).append("nested", new de.bwaldvogel.mongo.bson.Document("list", List.of(1, "two")));
        WriteBuffer buffer = new WriteBuffer();
        BsonValuesDataType.INSTANCE.write(buffer, document);
        ByteBuffer written = buffer.getBuffer().flip();
        assertThat(written.get(0) & 0xff).as("the BSON tag").isEqualTo(120);
        assertThat(BsonValuesDataType.INSTANCE.read(written)).isEqualTo(document);
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void indexKeysAreOrderedByValueAndEqualOnlyWhenEqual() {
        BsonValuesDataType type = BsonValuesDataType.INSTANCE;
        assertThat(type.compare(new KeyValue("a", 2L), new KeyValue("a", 10L))).isNegative();
        assertThat(type.compare(new KeyValue("b", 0L), new KeyValue("a", 10L))).isPositive();
        assertThat(type.compare(new KeyValue("a", 2L), new KeyValue("a", 2L))).isZero();
        assertThat(type.compare(new KeyValue("a", 2L), new KeyValue("a", 2.0))).isNotZero(); // not equal: a tie broken
        assertThat(Integer.signum(type.compare(new KeyValue("a", 2L), new KeyValue("a", 2.0))))
                .isEqualTo(-Integer.signum(type.compare(new KeyValue("a", 2.0), new KeyValue("a", 2L))));
    }

    /** Every stored document is found by its key, and a second document with a stored key is refused. */
    private static void assertUniqueKeysHold(MongoCollection<Document> events, List<Document> stored) {
        for (Document event : stored) {
            var key = Filters.and(Filters.eq("aggregateIdentifier", event.get("aggregateIdentifier")),
                    Filters.eq("sequenceNumber", event.get("sequenceNumber")));
            assertThat(events.find(key).first()).isEqualTo(event);
        }
        for (Document event : stored.subList(0, 13)) { // one of each aggregate id, both lengths
            assertThatThrownBy(() -> events.insertOne(event(event.getString("aggregateIdentifier"),
                    event.getLong("sequenceNumber")))).as("a second %s", event).isInstanceOf(MongoWriteException.class);
        }
    }

    private static List<Document> all(MongoCollection<Document> events) {
        return events.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static List<Document> sortedById(List<Document> documents) {
        return documents.stream().sorted((a, b) -> a.getObjectId("_id").compareTo(b.getObjectId("_id"))).toList();
    }

    private static String hostAndPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
