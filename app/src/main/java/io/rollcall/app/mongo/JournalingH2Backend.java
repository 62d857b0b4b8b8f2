package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The embedded server's answer to MongoDB's journal. H2's MVStore commits on a background timer (1 s), so a
 * write could be acknowledged and still be only in memory when the process is killed. As on a real mongod,
 * a write that asks for {@code j: true} is durable before its reply, and so is any change of a collection's shape.
 * To the journal file (events, credentials, email claims) such a write is appended to the {@link CommandLog},
 * which the file's commit once a second takes in; to the views' file (processors' positions) it commits that file,
 * which carries every earlier view write with it. Other writes reach their file with its next commit or the timer,
 * as a mongod journals them within its commit interval. An H2 commit re-serializes every touched page, so it is
 * most of what a write costs here ({@link EmbeddedStores}). Its databases also make collection renames durable,
 * and store documents as BSON rather than with Java serialization ({@link BsonValuesDataType}).
 */
class JournalingH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(JournalingH2Backend.class);

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
        stores.replay(backend::applyAgain); // every existing collection's maps are open now
        stores.compactMostlyFree();
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
        Document command = message.getDocument();
        Commit commit = commitFor(command);
        String namespace = command.isEmpty() || !(command.get(command.keySet().iterator().next())
                instanceof String collection) ? null : message.getDatabaseName() + "." + collection;
        if (commit == Commit.COLLECTION && namespace != null && !EmbeddedStores.isView(namespace)) {
            // the log's append stands for the journal file's commit; what changes a file's shape still commits
            return stores.logged(message.getDatabaseName(), command, () -> handle(message, commit, namespace));
        }
        return handle(message, commit, namespace);
    }

    /** Runs the command, then commits what its reply must wait for (see {@link #commitFor}). */
    private Document handle(MongoMessage message, Commit commit, String namespace) {
        long shape = stores.shape();
        Document reply = super.handleMessage(message);
        if (commit == Commit.ALL || stores.shape() != shape) { // a write may create a collection or index, too
            stores.commitAll();
        } else if (commit == Commit.COLLECTION && namespace != null && EmbeddedStores.isView(namespace)) {
            // a journal write's log entry stands for its commit; a view write commits the views' file, and with it
            // every earlier view write
            stores.views().commit();
        }
        return reply;
    }

    /** Applies a logged command again after a restart, as it was applied before its reply. */
    private void applyAgain(String database, Document command) {
        EmbeddedChannel channel = new EmbeddedChannel(); // the library keeps per-connection results by channel
        try {
            handleCommand(channel, database, command.keySet().iterator().next(), command);
        } catch (RuntimeException e) { // it failed the first time too, and its reply said so
            log.debug("A journaled write applied again failed as before: {}", e.toString());
        } finally {
            handleClose(channel);
            channel.close();
        }
    }

    @Override
    public void commit() {
        stores().commitAll();
    }

    @Override
    public void close() {
        stores.stopTimer();
        try {
            stores.commitJournal(); // the log's entries, before super.close() commits the journal file as a whole
            super.close(); // closes the journal file
        } finally {
            stores.closeLog();
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
