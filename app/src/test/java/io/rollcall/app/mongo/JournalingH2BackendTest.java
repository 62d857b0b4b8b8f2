package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.bson.Document;
import io.rollcall.app.mongo.JournalingH2Backend.Commit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which commands the embedded H2 backend commits to its file before replying (see KillDurabilityTest). */
class JournalingH2BackendTest {

    @Test
    void aWriteAskingForTheJournalIsCommitted() {
        Document insert = new Document("insert", "domainevents").append("writeConcern", new Document("j", true));
        assertThat(JournalingH2Backend.commitFor(insert)).isEqualTo(Commit.COLLECTION);
    }

    @Test
    void aWriteWithTheDefaultConcernWaitsForTheNextCommit() {
        assertThat(JournalingH2Backend.commitFor(new Document("update", "sessions"))).isEqualTo(Commit.NONE);
        Document acknowledged = new Document("update", "sessions").append("writeConcern", new Document("w", 1));
        assertThat(JournalingH2Backend.commitFor(acknowledged)).isEqualTo(Commit.NONE);
    }

    @Test
    void schemaChangesCommitBothFiles() {
        assertThat(JournalingH2Backend.commitFor(new Document("renameCollection", "rollcall.a"))).isEqualTo(Commit.ALL);
        assertThat(JournalingH2Backend.commitFor(new Document("createIndexes", "audit"))).isEqualTo(Commit.ALL);
        assertThat(JournalingH2Backend.commitFor(new Document("drop", "audit"))).isEqualTo(Commit.ALL);
    }

    @Test
    void readsAreNotCommitted() {
        assertThat(JournalingH2Backend.commitFor(new Document("find", "sessions"))).isEqualTo(Commit.NONE);
        assertThat(JournalingH2Backend.commitFor(new Document())).isEqualTo(Commit.NONE);
    }
}
