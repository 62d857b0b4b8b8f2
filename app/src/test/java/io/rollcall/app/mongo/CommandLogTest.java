package io.rollcall.app.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import io.rollcall.app.config.RollcallSettings;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal file's write-ahead log, over the wire through the real driver: a journaled write to that file is an
 * append to the log instead of a commit of the file; what the log holds when the process dies is applied again, in
 * its order, at the next open; a clean close leaves nothing to apply again.
 */
class CommandLogTest {

    private static final String DATABASE = "rollcall";

    @TempDir
    Path dataDir;

    @Test
    void aJournaledEventIsAnAppendToTheLogNotACommitOfTheFile() {
        EmbeddedStores stores = EmbeddedStores.open(dataDir);
        MongoServer server = new MongoServer(JournalingH2Backend.open(stores));
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(server))) {
            MongoCollection<Document> events = events(client);
            events.insertOne(event("first", "class-1", 0)); // creates the collection: that commits both files
            long before = stores.journal().getCurrentVersion();
            for (int i = 1; i <= 100; i++) {
                events.insertOne(event("e" + i, "class-1", i));
            }
            // one commit per event before; now the timer's (one a second) at most
            assertThat(stores.journal().getCurrentVersion() - before).isLessThan(20);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void whatTheLogHoldsWhenTheProcessDiesIsAppliedAgainInItsOrder() throws IOException {
        EmbeddedStores stores = EmbeddedStores.open(dataDir);
        MongoServer server = new MongoServer(JournalingH2Backend.open(stores));
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(server))) {
            MongoCollection<Document> events = events(client);
            events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"),
                    new IndexOptions().unique(true));
            stores.stopTimer(); // nothing but the log holds what follows
            for (int i = 0; i < 40; i++) {
                events.insertOne(event("e" + i, "class-1", i));
            }
            // a second append at a taken position fails; applied again, it must fail again, not the first
            assertThatThrownBy(() -> events.insertOne(event("rival", "class-1", 39)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThat(Files.size(dataDir.resolve(EmbeddedStores.LOG_FILE))).isPositive();
            stores.views().closeImmediately(); // a crash: nothing uncommitted is written
            stores.journal().closeImmediately();
        } finally {
            server.shutdownNow();
        }

        try (DatabaseConnection connection = DatabaseConnection.open(new RollcallSettings("", dataDir, "", "h2"))) {
            MongoCollection<Document> events = connection.client().getDatabase(DATABASE)
                    .getCollection("domainevents");
            assertThat(events.countDocuments()).isEqualTo(40);
            assertThat(events.find(new Document("sequenceNumber", 39)).first().getString("_id")).isEqualTo("e39");
        }
        assertThat(Files.size(dataDir.resolve(EmbeddedStores.LOG_FILE))).isZero(); // committed at the open
    }

    @Test
    void aCleanCloseCommitsTheLogsEntriesAndEmptiesIt() throws IOException {
        EmbeddedStores stores = EmbeddedStores.open(dataDir);
        MongoServer server = new MongoServer(JournalingH2Backend.open(stores));
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(server))) {
            stores.stopTimer();
            for (int i = 0; i < 10; i++) {
                events(client).insertOne(event("e" + i, "class-1", i));
            }
        } finally {
            server.shutdownNow();
        }
        assertThat(Files.size(dataDir.resolve(EmbeddedStores.LOG_FILE))).isZero();

        EmbeddedStores reopened = EmbeddedStores.open(dataDir);
        try {
            assertThat(reopened.replay((database, command) -> {
                throw new AssertionError("nothing should be applied again: " + command);
            })).isZero();
        } finally {
            reopened.close();
        }
    }

    @Test
    void anEntryCutShortByACrashIsNotReadAndThoseBeforeItAre() throws IOException {
        Path path = dataDir.resolve("test.log");
        try (CommandLog log = CommandLog.open(path)) {
            log.append(3, DATABASE, new de.bwaldvogel.mongo.bson.Document("insert", "domainevents"));
            log.append(4, DATABASE, new de.bwaldvogel.mongo.bson.Document("delete", "snapshotevents"));
        }
        byte[] whole = Files.readAllBytes(path);
        Files.write(path, Arrays.copyOf(whole, whole.length - 3)); // the second, cut short
        Files.write(path, new byte[] {0, 0}, StandardOpenOption.APPEND);

        try (CommandLog log = CommandLog.open(path)) {
            assertThat(log.found()).singleElement().satisfies(entry -> {
                assertThat(entry.generation()).isEqualTo(3);
                assertThat(entry.database()).isEqualTo(DATABASE);
                assertThat(entry.command().get("insert")).isEqualTo("domainevents");
            });
        }
    }

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase(DATABASE).getCollection("domainevents").withWriteConcern(WriteConcern.JOURNALED);
    }

    private static Document event(String id, String aggregate, long sequence) {
        return new Document("_id", id).append("aggregateIdentifier", aggregate).append("sequenceNumber", sequence)
                .append("payload", "{\"mark\":\"present\"}");
    }

    private static String hostAndPort(MongoServer server) {
        var address = server.bind();
        return address.getHostString() + ":" + address.getPort();
    }
}
