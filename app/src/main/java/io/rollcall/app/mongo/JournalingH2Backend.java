package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import org.h2.mvstore.MVStore;

import java.util.Set;

/**
 * The embedded server's answer to MongoDB's journal. H2's MVStore commits on a background timer (1 s), so a
 * write could be acknowledged and still be only in memory when the process is killed. As on a real mongod,
 * a write that asks for {@code j: true} is in the file before its reply (its commit also carries every earlier
 * write: the store commits as a whole), and so is any change of a collection's shape. Other writes reach the
 * file with the next such commit or the timer, as a mongod journals them within its commit interval.
 * An H2 commit re-serializes every touched page, so committing only where durability is asked for is most of
 * what a write costs here. Its databases also make collection renames durable, and store documents as BSON
 * rather than with Java serialization ({@link BsonValuesDataType}).
 */
class JournalingH2Backend extends H2Backend {

    /** Commands that change what collections exist or how they are indexed: durable at once, as on mongod. */
    private static final Set<String> SCHEMA_COMMANDS = Set.of("create", "drop", "dropDatabase",
            "renameCollection", "createIndexes", "dropIndexes");

    JournalingH2Backend(MVStore store) {
        super(store);
    }

    /** Databases whose collection renames survive a restart (see {@link RenamePersistingH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        BsonStorage.prepare(getMvStore(), databaseName); // before H2Database opens the maps (called by super())
        return new RenamePersistingH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** The event store's writes only, capped: the library's oplog keeps every write for ever ({@link BoundedOplog}). */
    @Override
    protected Oplog createOplog() {
        return BoundedOplog.capping(this, super.createOplog(), DatabaseConnection.FOLLOWED,
                DatabaseConnection.OPLOG_ENTRIES);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document reply = super.handleMessage(message);
        if (mustBeDurable(message.getDocument())) {
            commit();
        }
        return reply;
    }

    static boolean mustBeDurable(Document command) {
        if (command.isEmpty()) {
            return false;
        }
        String name = command.keySet().iterator().next();
        return SCHEMA_COMMANDS.contains(name) || journaled(command.get("writeConcern"));
    }

    private static boolean journaled(Object writeConcern) {
        return writeConcern instanceof Document concern && Boolean.TRUE.equals(concern.get("j"));
    }
}
