package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.rollcall.api.user.FindStudents;
import io.rollcall.api.user.FindUser;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserRegistered;
import io.rollcall.api.user.UserView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code users} view: {_id, name, email, password (bcrypt hash), role}. */
@Component
@ProcessingGroup("users")
@WritesCollections(ReadCollections.USERS)
public class UserProjection {

    private final MongoCollection<Document> users;
    private final MongoCollection<Document> credentials;
    private final ProjectionWriter writes;

    public UserProjection(MongoDatabase database, ProjectionWriter writes) {
        this.writes = writes;
        this.users = database.getCollection(ReadCollections.USERS);
        this.credentials = database.getCollection(ReadCollections.CREDENTIALS);
    }

    @EventHandler
    void on(UserRegistered event) {
        Document credential = credentials.find(Filters.eq("_id", event.userId())).first();
        Document user = new Document("_id", new ObjectId(event.userId()))
                .append("name", event.name())
                .append("email", event.email())
                .append("emailLower", event.email().toLowerCase(Locale.ROOT))
                .append("password", credential == null ? null : credential.getString("hash"))
                .append("role", event.role().wireName())
                .append("createdAt", java.util.Date.from(event.registeredAt()));
        writes.write(users, new ReplaceOneModel<>(Filters.eq("_id", user.get("_id")), user,
                new ReplaceOptions().upsert(true)));
    }

    @ResetHandler
    void reset() {
        users.deleteMany(new Document());
    }

    @QueryHandler
    public Optional<UserView> handle(FindUser query) {
        return ObjectIds.parse(query.userId())
                .map(id -> users.find(Filters.eq("_id", id)).first())
                .map(UserProjection::toView);
    }

    @QueryHandler
    public List<UserView> handle(FindStudents query) {
        return users.find(Filters.eq("role", Role.STUDENT.wireName()))
                .map(UserProjection::toView)
                .into(new ArrayList<>());
    }

    static UserView toView(Document doc) {
        return new UserView(doc.getObjectId("_id").toHexString(), doc.getString("name"), doc.getString("email"),
                Role.fromWire(doc.getString("role")).orElseThrow());
    }
}
