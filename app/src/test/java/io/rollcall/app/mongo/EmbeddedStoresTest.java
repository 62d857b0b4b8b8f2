package io.rollcall.app.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.rollcall.app.config.RollcallSettings;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded server's two files, over the wire through the real driver: the views (read models and processors'
 * positions) in one, everything else in the other; each journaled write durable in its own file; a crash keeps a
 * stored position with the view writes before it; a data directory of the one-file layout opens with its events
 * and without its views, which the processors then rebuild.
 */
class EmbeddedStoresTest {

    private static final String DATABASE = "rollcall";

    @TempDir
    Path dataDir;

    @Test
    void theViewsAndThePositionsAreInTheViewsFileEverythingElseInTheJournal() {
        assertThat(EmbeddedStores.isView("rollcall.audit")).isTrue();
        assertThat(EmbeddedStores.isView("rollcall.audit_rebuild")).isTrue(); // renamed in place of audit
        assertThat(EmbeddedStores.isView("rollcall.trackingtokens")).isTrue();
        assertThat(EmbeddedStores.isView("rollcall.projection_status")).isTrue();
        assertThat(EmbeddedStores.isView("rollcall.domainevents")).isFalse();
        assertThat(EmbeddedStores.isView("rollcall.credentials")).isFalse();
        assertThat(EmbeddedStores.isView("rollcall.email_claims")).isFalse();
        assertThat(EmbeddedStores.isView("rollcall.system.indexes")).isFalse();
        assertThat(EmbeddedStores.isView("local.oplog.rs")).isFalse();
        assertThat(H2MapNames.namespaceOf("databases.rollcall.audit")).isEqualTo("rollcall.audit");
        assertThat(H2MapNames.namespaceOf("meta.rollcall.audit")).isEqualTo("rollcall.audit");
        assertThat(H2MapNames.namespaceOf("rollcall.audit._index__id_")).isEqualTo("rollcall.audit");
    }

    @Test
    void eachCollectionsMapsAreWrittenToItsOwnFileAndBothSurviveARestart() {
        RollcallSettings settings = new RollcallSettings("", dataDir, "", "h2");
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase db = connection.client().getDatabase(DATABASE).withWriteConcern(WriteConcern.JOURNALED);
            db.getCollection("domainevents").insertMany(documents("event", 50));
            db.getCollection("audit").createIndex(Indexes.ascending("classId", "position"),
                    new IndexOptions().unique(true));
            db.getCollection("audit").insertMany(IntStream.range(0, 50).mapToObj(i -> new Document("_id", "a" + i)
                    .append("classId", "c").append("position", i)).toList());
        }

        try (MVStore journal = MVStore.open(dataDir.resolve(EmbeddedStores.JOURNAL_FILE).toString());
             MVStore views = MVStore.open(dataDir.resolve(EmbeddedStores.VIEWS_FILE).toString())) {
            assertThat(journal.getMapNames()).contains("databases.rollcall.domainevents")
                    .noneMatch(name -> name.contains("rollcall.audit"));
            assertThat(views.getMapNames()).contains("databases.rollcall.audit")
                    .anyMatch(name -> name.startsWith("rollcall.audit._index_"))
                    .noneMatch(name -> name.contains("domainevents"));
        }

        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase db = connection.client().getDatabase(DATABASE);
            assertThat(db.getCollection("domainevents").countDocuments()).isEqualTo(50);
            assertThat(db.getCollection("audit").countDocuments()).isEqualTo(50);
            assertThatThrownBy(() -> db.getCollection("audit").insertOne(new Document("_id", "again")
                    .append("classId", "c").append("position", 7)))
                    .hasMessageContaining("duplicate key"); // the unique index came back from the views file
        }
    }

    /**
     * A crash: both files are abandoned without the commit a clean close makes. What was journaled is there, and a
     * position journaled after view writes brings those writes with it (one file, one commit).
     */
    @Test
    void afterACrashAStoredPositionIsNeverAheadOfTheStoredViews() {
        EmbeddedStores stores = EmbeddedStores.open(dataDir);
        MongoServer server = new MongoServer(JournalingH2Backend.open(stores));
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(server))) {
            MongoDatabase db = client.getDatabase(DATABASE);
            db.getCollection("domainevents").withWriteConcern(WriteConcern.JOURNALED)
                    .insertMany(documents("event", 20));
            db.getCollection("audit").insertMany(documents("entry", 20)); // not journaled: the views' own pace
            db.getCollection("trackingtokens").withWriteConcern(WriteConcern.JOURNALED)
                    .insertOne(new Document("_id", "audit-0").append("position", 20));
            stores.views().closeImmediately();
            stores.journal().closeImmediately();
        } finally {
            server.shutdownNow();
        }

        try (DatabaseConnection connection = DatabaseConnection.open(new RollcallSettings("", dataDir, "", "h2"))) {
            MongoDatabase db = connection.client().getDatabase(DATABASE);
            assertThat(db.getCollection("domainevents").countDocuments()).isEqualTo(20);
            assertThat(db.getCollection("trackingtokens").find(Filters.eq("_id", "audit-0")).first())
                    .isNotNull();
            assertThat(db.getCollection("audit").countDocuments()).isEqualTo(20);
        }
    }

    /**
     * The journal file has no H2 timer (its commits run on the thread that asks): a write that does not ask for the
     * journal still reaches the file within a second or so, by the stores' own timer, and survives a crash.
     */
    @Test
    void aWriteNotAskingForTheJournalReachesTheJournalFileOnATimer() {
        EmbeddedStores stores = EmbeddedStores.open(dataDir);
        MongoServer server = new MongoServer(JournalingH2Backend.open(stores));
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(server))) {
            client.getDatabase(DATABASE).getCollection("credentials").withWriteConcern(WriteConcern.JOURNALED)
                    .insertOne(new Document("_id", "first"));
            client.getDatabase(DATABASE).getCollection("credentials").withWriteConcern(WriteConcern.ACKNOWLEDGED)
                    .insertOne(new Document("_id", "unjournaled"));
            await().atMost(Duration.ofMillis(EmbeddedStores.JOURNAL_COMMIT_MS * 5))
                    .until(() -> !stores.journal().hasUnsavedChanges());
            stores.views().closeImmediately();
            stores.journal().closeImmediately();
        } finally {
            server.shutdownNow();
        }

        try (DatabaseConnection connection = DatabaseConnection.open(new RollcallSettings("", dataDir, "", "h2"))) {
            assertThat(connection.client().getDatabase(DATABASE).getCollection("credentials").find()
                    .map(document -> document.getString("_id"))).containsExactlyInAnyOrder("first", "unjournaled");
        }
    }

    /** A rebuild's copy left by a crash is dropped before the next rebuild, which must start from empty. */
    @Test
    void aDroppedViewIsGoneWhenCreatedAgainAndAfterARestart() {
        RollcallSettings settings = new RollcallSettings("", dataDir, "", "h2");
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase db = connection.client().getDatabase(DATABASE).withWriteConcern(WriteConcern.JOURNALED);
            db.getCollection("audit_rebuild").createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
            db.getCollection("audit_rebuild").insertMany(documents("left", 10));
        }
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase db = connection.client().getDatabase(DATABASE).withWriteConcern(WriteConcern.JOURNALED);
            db.getCollection("audit_rebuild").drop();
            db.createCollection("audit_rebuild");
            assertThat(db.getCollection("audit_rebuild").countDocuments()).isZero();
            db.getCollection("audit_rebuild").insertMany(documents("left", 3)); // same ids as before the drop
        }
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            assertThat(connection.client().getDatabase(DATABASE).getCollection("audit_rebuild").countDocuments())
                    .isEqualTo(3);
        }
    }

    /**
     * A rebuild rewrites every view while H2 keeps the freed space for 45 s, then never gives it back: a file
     * mostly free is compacted when it next opens, with every document kept.
     */
    @Test
    void aFileMostlyFreeIsCompactedWhenItOpensAndKeepsItsDocuments() {
        RollcallSettings settings = new RollcallSettings("", dataDir, "", "h2");
        String filler = "x".repeat(2_000);
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase db = connection.client().getDatabase(DATABASE).withWriteConcern(WriteConcern.JOURNALED);
            for (int round = 0; round < 20; round++) { // each journaled write a commit, each round's pages freed
                db.getCollection("audit_rebuild").insertMany(IntStream.range(0, 200).mapToObj(i ->
                        new Document("_id", "a" + i).append("filler", filler)).toList());
                db.getCollection("audit_rebuild").drop();
            }
            db.getCollection("audit").insertMany(documents("entry", 30));
        }
        Path views = dataDir.resolve(EmbeddedStores.VIEWS_FILE);
        long written = views.toFile().length();
        assertThat(written).isGreaterThan(EmbeddedStores.MOSTLY_FREE_MIN_BYTES);
        try (MVStore file = MVStore.open(views.toString())) {
            assertThat(EmbeddedStores.livePercent(file)).isLessThan(EmbeddedStores.MOSTLY_FREE_PERCENT);
        }

        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase db = connection.client().getDatabase(DATABASE);
            assertThat(views.toFile().length()).isLessThan(written / 4);
            assertThat(db.getCollection("audit").find().map(document -> document.getString("_id")))
                    .containsExactlyInAnyOrderElementsOf(documents("entry", 30).stream()
                            .map(document -> document.getString("_id")).toList());
            db.getCollection("audit").insertOne(new Document("_id", "after"));
        }
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            assertThat(connection.client().getDatabase(DATABASE).getCollection("audit").countDocuments())
                    .isEqualTo(31);
        }
    }

    @Test
    void aViewCannotBeRenamedIntoTheJournalFile() {
        try (DatabaseConnection connection = DatabaseConnection.open(new RollcallSettings("", dataDir, "", "h2"))) {
            MongoDatabase db = connection.client().getDatabase(DATABASE);
            db.getCollection("audit_rebuild").insertMany(documents("entry", 3));
            db.getCollection("audit_rebuild").renameCollection(new MongoNamespace(DATABASE, "audit"));
            assertThat(db.getCollection("audit").countDocuments()).isEqualTo(3);

            assertThatThrownBy(() -> db.getCollection("audit")
                    .renameCollection(new MongoNamespace(DATABASE, "kept_audit")))
                    .isInstanceOf(MongoCommandException.class).hasMessageContaining("different files");
            assertThat(db.getCollection("audit").countDocuments()).isEqualTo(3);
        }
    }

    /** A directory of the one-file layout: its events stay, its views and positions go, to be rebuilt. */
    @Test
    void aDirectoryOfTheOneFileLayoutKeepsItsEventsAndDropsItsViews() {
        MongoServer plain = new MongoServer(new H2Backend(new MVStore.Builder()
                .fileName(dataDir.resolve(EmbeddedStores.JOURNAL_FILE).toString()).open()));
        try (MongoClient client = MongoClients.create("mongodb://" + hostAndPort(plain))) {
            MongoDatabase db = client.getDatabase(DATABASE);
            db.getCollection("domainevents").insertMany(documents("event", 30));
            db.getCollection("credentials").insertOne(new Document("_id", "u1").append("hash", "h"));
            db.getCollection("audit").createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
            db.getCollection("audit").insertMany(documents("entry", 30));
            db.getCollection("trackingtokens").insertOne(new Document("_id", "audit-0").append("position", 30));
        } finally {
            plain.shutdownNow();
        }

        try (DatabaseConnection connection = DatabaseConnection.open(new RollcallSettings("", dataDir, "", "h2"))) {
            MongoDatabase db = connection.client().getDatabase(DATABASE);
            assertThat(db.getCollection("domainevents").countDocuments()).isEqualTo(30);
            assertThat(db.getCollection("credentials").countDocuments()).isEqualTo(1);
            assertThat(db.getCollection("trackingtokens").countDocuments()).isZero();
            assertThat(db.getCollection("audit").countDocuments()).isZero();
            db.getCollection("audit").insertOne(new Document("_id", "x").append("n", 1));
            assertThatThrownBy(() -> db.getCollection("audit").insertOne(new Document("_id", "y").append("n", 1)))
                    .hasMessageContaining("duplicate key"); // its index was kept, over an empty map
        }
        try (MVStore journal = MVStore.open(dataDir.resolve(EmbeddedStores.JOURNAL_FILE).toString())) {
            assertThat(journal.getMapNames()).noneMatch(name -> name.contains("rollcall.audit")
                    || name.contains("rollcall.trackingtokens"));
        }
    }

    private static List<Document> documents(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> new Document("_id", prefix + "-" + i).append("n", i))
                .toList();
    }

    private static String hostAndPort(MongoServer server) {
        var address = server.bind();
        return address.getHostString() + ":" + address.getPort();
    }
}
