package io.rollcall.command.user;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;

/**
 * Email claims keyed by the lower-cased email as {@code _id}: the primary key makes a second claim fail on
 * any MongoDB, in any number of processes, with no secondary index needed.
 */
public class MongoEmailRegistry implements EmailRegistry {

    private final MongoCollection<Document> claims;
    private final Clock clock;

    public MongoEmailRegistry(MongoDatabase database, Clock clock) {
        this.claims = database.getCollection("email_claims").withWriteConcern(WriteConcern.JOURNALED);
        this.clock = clock;
    }

    @Override
    public boolean claim(String email, String userId) {
        try {
            claims.insertOne(new Document("_id", normalize(email)).append("userId", userId)
                    .append("claimedAt", Date.from(clock.instant())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<String> holderOf(String email) {
        Document claim = claims.find(Filters.eq("_id", normalize(email))).first();
        return Optional.ofNullable(claim).map(c -> c.getString("userId"));
    }

    private static String normalize(String email) {
        return email.toLowerCase(Locale.ROOT);
    }
}
