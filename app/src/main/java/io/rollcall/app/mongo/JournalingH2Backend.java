package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

import java.util.Set;

/**
 * The embedded server's answer to MongoDB's journal. H2's MVStore commits on a background timer (1 s), so a
 * write could be acknowledged and still be only in memory when the process is killed. As on a real mongod,
 * a write that asks for {@code j: true} is in the file before its reply (its commit also carries every earlier
 * write to that file: a store commits as a whole), and so is any change of a collection's shape. Other writes reach
 * the file with the next such commit or the timer, as a mongod journals them within its commit interval.
 * An H2 commit re-serializes every touched page, so committing only where durability is asked for, and only the
 * file written to ({@link EmbeddedStores}), is most of what a write costs here. Its databases also make collection
 * renames durable, and store documents as BSON rather than with Java serialization ({@link BsonValuesDataType}).
 */
class JournalingH2Backend extends H2Backend {

    /** Commands that change what collections exist or how they are indexed: durable at once, as on mongod. */
    private static final Set<String> SCHEMA_COMMANDS = Set.of("create", "drop", "dropDatabase",
            "renameCollection", "createIndexes", "dropIndexes");

    private final EmbeddedStores stores;

    private JournalingH2Backend(EmbeddedStores stores) {
        super(stores.journal());
        this.stores = stores;
    }

    static JournalingH2Backend open(EmbeddedStores stores) {
        JournalingH2Backend backend = OpeningStores.during(stores, () -> new JournalingH2Backend(stores));
        stores.compactMostlyFree(); // every existing collection's maps are open now
        stores.startTimer();
        return backend;
    }

    private EmbeddedStores stores() {
        return stores != null ? stores : OpeningStores.current(); // the field is unset while super() runs
    }

    /** Databases whose collection renames survive a restart (see {@link RenamePersistingH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        // before H2Database opens the maps (called by super())
        BsonStorage.prepare(stores().journal(), databaseName);
        BsonStorage.prepare(stores().views(), databaseName);
        return RenamePersistingH2Database.open(databaseName, stores(), getCursorRegistry());
    }

    /** The event store's writes only, capped: the library's oplog keeps every write for ever ({@link BoundedOplog}). */
    @Override
    protected Oplog createOplog() {
        return BoundedOplog.capping(this, super.createOplog(), DatabaseConnection.FOLLOWED,
                DatabaseConnection.OPLOG_ENTRIES);
    }

    /** What a command's reply waits for. */
    enum Commit {
        /** Nothing: the write reaches the file with the next commit of that file or the timer. */
        NONE,
        /** The file that holds the command's collection. */
        COLLECTION,
        /** Both files: the collections and indexes that exist are registered in the journal file. */
        ALL
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        long shape = stores.shape();
        Document reply = super.handleMessage(message);
        Document command = message.getDocument();
        Commit commit = commitFor(command);
        if (commit == Commit.ALL || stores.shape() != shape) { // a write may create a collection or index, too
            stores.commitAll();
        } else if (commit == Commit.COLLECTION
                && command.get(command.keySet().iterator().next()) instanceof String collection) {
            stores.commit(message.getDatabaseName() + "." + collection);
        }
        return reply;
    }

    @Override
    public void commit() {
        stores().commitAll();
    }

    @Override
    public void close() {
        stores.stopTimer();
        try {
            super.close(); // closes the journal file
        } finally {
            stores.views().close();
        }
    }

    static Commit commitFor(Document command) {
        if (changesShape(command)) {
            return Commit.ALL;
        }
        return journaled(command) ? Commit.COLLECTION : Commit.NONE;
    }

    private static boolean changesShape(Document command) {
        return !command.isEmpty() && SCHEMA_COMMANDS.contains(command.keySet().iterator().next());
    }

    private static boolean journaled(Document command) {
        return !command.isEmpty() && command.get("writeConcern") instanceof Document concern
                && Boolean.TRUE.equals(concern.get("j"));
    }
}
