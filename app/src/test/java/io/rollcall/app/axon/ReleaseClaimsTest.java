package io.rollcall.app.axon;

import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.rollcall.app.config.RollcallSettings;
import io.rollcall.app.mongo.DatabaseConnection;
import io.rollcall.app.mongo.DatabaseTimeouts;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At a start of the only node, the claims a killed process left are released, each by an update of its own
 * (the embedded server over the wire).
 */
class ReleaseClaimsTest {

    @Test
    void everyHeldClaimIsReleasedOneUpdateAtATime() {
        List<BsonDocument> updates = new CopyOnWriteArrayList<>();
        CommandListener recorder = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("update")) {
                    updates.add(event.getCommand().clone());
                }
            }
        };
        try (DatabaseConnection connection = DatabaseConnection.open(new RollcallSettings("", null, "", "memory"),
                DatabaseTimeouts.DEFAULTS, List.of(recorder))) {
            MongoCollection<Document> tokens = connection.client().getDatabase(connection.databaseName())
                    .getCollection("trackingtokens");
            tokens.insertMany(List.of(
                    new Document("_id", "users-0").append("owner", "1234@dead-node").append("token", "a"),
                    new Document("_id", "audit-0").append("owner", "1234@dead-node").append("token", "b"),
                    new Document("_id", "classes-0").append("owner", null).append("token", "c")));

            AxonConfig.releaseClaims(tokens);

            Map<Object, Object> owners = new TreeMap<>();
            tokens.find().forEach(token -> owners.put(token.get("_id"), String.valueOf(token.get("owner"))));
            assertThat(owners).containsOnly(Map.entry("audit-0", "null"), Map.entry("classes-0", "null"),
                    Map.entry("users-0", "null"));
            assertThat(tokens.countDocuments(new Document("token", new Document("$in", List.of("a", "b", "c")))))
                    .isEqualTo(3);
            assertThat(updates).hasSize(2); // the claim that was free is not written
            for (BsonDocument update : updates) {
                for (BsonValue statement : update.getArray("updates")) {
                    assertThat(statement.asDocument().getBoolean("multi", BsonBoolean.FALSE).getValue())
                            .as("%s", update).isFalse();
                }
            }
        }
    }
}
