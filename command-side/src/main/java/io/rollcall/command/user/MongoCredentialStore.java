package io.rollcall.command.user;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.Optional;

/** Password hashes by user id, in their own collection (see {@link CredentialStore} for why). */
public class MongoCredentialStore implements CredentialStore {

    private final MongoCollection<Document> credentials;

    public MongoCredentialStore(MongoDatabase database) {
        this.credentials = database.getCollection("credentials").withWriteConcern(WriteConcern.JOURNALED);
    }

    @Override
    public void store(String userId, String passwordHash) {
        credentials.replaceOne(Filters.eq("_id", userId), new Document("_id", userId).append("hash", passwordHash),
                new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<String> hashOf(String userId) {
        Document doc = credentials.find(Filters.eq("_id", userId)).first();
        return Optional.ofNullable(doc).map(d -> d.getString("hash"));
    }
}
