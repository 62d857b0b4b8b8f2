package io.rollcall.app.mongo;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared embedded server's oplog holds only the followed collection's writes and stays within its capacity
 * however much is written, and a change stream following them still gets every one, in order, across the trims.
 * Over the real driver.
 */
class BoundedOplogTest {

    private static final int CAPACITY = 200;

    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        MemoryBackend backend = DatabaseConnection.memoryBackend("rollcall.events", CAPACITY);
        backend.enableOplog();
        server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void theOplogKeepsAtMostItsCapacityAndAStreamMissesNothingOfWhatItFollows() {
        MongoCollection<Document> events = client.getDatabase("rollcall").getCollection("events");
        MongoCollection<Document> other = client.getDatabase("rollcall").getCollection("views");
        List<Integer> seen = new ArrayList<>();
        try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream = events.watch().cursor()) {
            for (int round = 0; round < 20; round++) {
                int first = round * 50;
                events.insertMany(IntStream.range(first, first + 50).mapToObj(n -> new Document("n", n)).toList());
                other.insertMany(IntStream.range(0, 50).mapToObj(n -> new Document("v", n)).toList());
                other.updateMany(new Document(), new Document("$inc", new Document("v", 1))); // not logged
                ChangeStreamDocument<Document> change;
                while ((change = stream.tryNext()) != null) { // the oplog was trimmed meanwhile: still all there
                    seen.add(change.getFullDocument().getInteger("n"));
                }
            }
        }

        MongoCollection<Document> oplog = client.getDatabase("local").getCollection("oplog.rs");
        assertThat(oplog.countDocuments()).isBetween((long) CAPACITY, (long) (CAPACITY + CAPACITY / 10));
        assertThat(oplog.countDocuments(new Document("ns", "rollcall.views"))).isZero(); // not followed: not logged
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
    }

    @Test
    void belowItsCapacityNothingIsDropped() {
        MongoCollection<Document> events = client.getDatabase("rollcall").getCollection("events");
        events.insertMany(IntStream.range(0, 150).mapToObj(n -> new Document("n", n)).toList());

        assertThat(client.getDatabase("local").getCollection("oplog.rs").countDocuments()).isEqualTo(150);
    }
}
