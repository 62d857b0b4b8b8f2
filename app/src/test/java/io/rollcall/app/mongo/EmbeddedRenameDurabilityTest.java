package io.rollcall.app.mongo;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.RenameCollectionOptions;
import io.rollcall.app.config.RollcallSettings;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A collection renamed over another (how a rebuilt view replaces the live one) is still there, whole and with
 * its unique {@code _id} index, after the embedded database file is closed and opened again.
 */
class EmbeddedRenameDurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void aRenameOverAnotherCollectionSurvivesARestart() {
        RollcallSettings settings = new RollcallSettings("", dataDir, "", "h2");
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase database = connection.client().getDatabase(connection.databaseName());
            database.getCollection("view").insertOne(new Document("_id", 1).append("v", "old"));
            database.getCollection("view_copy").insertMany(List.of(
                    new Document("_id", 1).append("v", "new"), new Document("_id", 2).append("v", "new")));
            database.getCollection("view_copy").renameCollection(
                    new MongoNamespace(connection.databaseName(), "view"), new RenameCollectionOptions().dropTarget(true));
            assertThat(database.getCollection("view").countDocuments()).isEqualTo(2);
        }

        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase database = connection.client().getDatabase(connection.databaseName());
            List<String> names = database.listCollectionNames().into(new ArrayList<>());
            assertThat(names).contains("view").doesNotContain("view_copy");
            assertThat(database.getCollection("view").find().into(new ArrayList<>())).containsExactlyInAnyOrder(
                    new Document("_id", 1).append("v", "new"), new Document("_id", 2).append("v", "new"));
            assertThat(database.getCollection("view").find(Filters.eq("_id", 2)).first()).isNotNull();
            assertThatThrownBy(() -> database.getCollection("view").insertOne(new Document("_id", 1)))
                    .isInstanceOf(MongoWriteException.class); // the unique _id index came along
            database.getCollection("view").insertOne(new Document("_id", 3));
        }

        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            MongoDatabase database = connection.client().getDatabase(connection.databaseName());
            assertThat(database.getCollection("view").countDocuments()).isEqualTo(3); // writes after it persist too
        }
    }
}
