package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import org.h2.mvstore.MVStore;

/**
 * H2's MVStore commits on a background timer (1 s), so a write the driver has seen acknowledged could still
 * be only in memory when the process is killed. This backend commits the store before answering any request,
 * the embedded equivalent of a journaled write concern: once the driver has the reply, the write is in the file.
 * (A commit with nothing changed is a no-op inside MVStore.) Its databases also make collection renames durable.
 */
class CommitOnWriteH2Backend extends H2Backend {

    CommitOnWriteH2Backend(MVStore store) {
        super(store);
    }

    /** Databases whose collection renames survive a restart (see {@link RenamePersistingH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new RenamePersistingH2Database(databaseName, getMvStore(), getCursorRegistry()); // called by super()
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        Document reply = super.handleMessage(message);
        commit();
        return reply;
    }
}
