package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which commands the embedded H2 backend commits to its file before replying (see KillDurabilityTest). */
class JournalingH2BackendTest {

    @Test
    void aWriteAskingForTheJournalIsCommitted() {
        Document insert = new Document("insert", "domainevents").append("writeConcern", new Document("j", true));
        assertThat(JournalingH2Backend.mustBeDurable(insert)).isTrue();
    }

    @Test
    void aWriteWithTheDefaultConcernWaitsForTheNextCommit() {
        assertThat(JournalingH2Backend.mustBeDurable(new Document("update", "sessions"))).isFalse();
        Document acknowledged = new Document("update", "sessions").append("writeConcern", new Document("w", 1));
        assertThat(JournalingH2Backend.mustBeDurable(acknowledged)).isFalse();
    }

    @Test
    void schemaChangesAreCommitted() {
        assertThat(JournalingH2Backend.mustBeDurable(new Document("renameCollection", "rollcall.a"))).isTrue();
        assertThat(JournalingH2Backend.mustBeDurable(new Document("createIndexes", "audit"))).isTrue();
        assertThat(JournalingH2Backend.mustBeDurable(new Document("drop", "audit"))).isTrue();
    }

    @Test
    void readsAreNotCommitted() {
        assertThat(JournalingH2Backend.mustBeDurable(new Document("find", "sessions"))).isFalse();
        assertThat(JournalingH2Backend.mustBeDurable(new Document())).isFalse();
    }
}
