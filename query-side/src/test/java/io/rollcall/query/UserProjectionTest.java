package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.user.FindStudents;
import io.rollcall.api.user.FindUser;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserRegistered;
import io.rollcall.api.user.UserView;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserProjectionTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final Instant REGISTERED = Instant.parse("2025-02-03T08:15:30.123Z");

    private MongoCollection<Document> users;
    private MongoCollection<Document> credentials;
    private UserProjection projection;

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        users = database.getCollection(ReadCollections.USERS);
        credentials = database.getCollection(ReadCollections.CREDENTIALS);
        projection = new UserProjection(database, new ProjectionWriter());
    }

    @Test
    void registrationStoresTheUserWithTheHashTheCommandSideKept() {
        String userId = id();
        // the command side keeps credentials keyed by the user id as a string
        credentials.insertOne(new Document("_id", userId).append("hash", "$2a$10$hash"));

        projection.on(new UserRegistered(userId, "Ada Lovelace", "Ada@Example.ORG", Role.TEACHER, REGISTERED));

        assertThat(all(users)).containsExactly(new Document("_id", new ObjectId(userId))
                .append("name", "Ada Lovelace")
                .append("email", "Ada@Example.ORG")
                .append("emailLower", "ada@example.org")
                .append("password", "$2a$10$hash")
                .append("role", "teacher")
                .append("createdAt", Date.from(REGISTERED)));
    }

    @Test
    void registrationWithoutCredentialStoresANullPassword() {
        String userId = id();

        projection.on(new UserRegistered(userId, "Bo", "bo@example.org", Role.STUDENT, REGISTERED));

        assertThat(all(users)).containsExactly(new Document("_id", new ObjectId(userId))
                .append("name", "Bo")
                .append("email", "bo@example.org")
                .append("emailLower", "bo@example.org")
                .append("password", null)
                .append("role", "student")
                .append("createdAt", Date.from(REGISTERED)));
    }

    @Test
    void reapplyingARegistrationLeavesTheSameDocuments() {
        String userId = id();
        credentials.insertOne(new Document("_id", userId).append("hash", "h"));
        UserRegistered event = new UserRegistered(userId, "Bo", "bo@example.org", Role.STUDENT, REGISTERED);
        projection.on(new UserRegistered(id(), "Other", "other@example.org", Role.TEACHER, REGISTERED));
        projection.on(event);
        List<Document> once = all(users);

        projection.on(event);

        assertThat(all(users)).hasSize(2).isEqualTo(once);
    }

    @Test
    void resetEmptiesTheUsersButNotTheCommandSidesCredentials() {
        String userId = id();
        credentials.insertOne(new Document("_id", userId).append("hash", "h"));
        projection.on(new UserRegistered(userId, "Bo", "bo@example.org", Role.STUDENT, REGISTERED));

        projection.reset();

        assertThat(users.countDocuments()).isZero();
        assertThat(credentials.countDocuments()).isEqualTo(1);
        assertThat(projection.handle(new FindUser(userId))).isEmpty();
    }

    @Test
    void findUserReadsTheRegisteredUser() {
        String userId = id();
        projection.on(new UserRegistered(userId, "Ada", "Ada@Example.org", Role.TEACHER, REGISTERED));

        assertThat(projection.handle(new FindUser(userId)))
                .contains(new UserView(userId, "Ada", "Ada@Example.org", Role.TEACHER));
        assertThat(projection.handle(new FindUser(id()))).as("unknown").isEmpty();
        assertThat(projection.handle(new FindUser("not-an-id"))).as("not an ObjectId").isEmpty();
        assertThat(projection.handle(new FindUser(null))).isEmpty();
    }

    @Test
    void findStudentsListsOnlyStudents() {
        String teacher = id();
        String first = id();
        String second = id();
        projection.on(new UserRegistered(teacher, "T", "t@example.org", Role.TEACHER, REGISTERED));
        projection.on(new UserRegistered(first, "S1", "s1@example.org", Role.STUDENT, REGISTERED));
        projection.on(new UserRegistered(second, "S2", "s2@example.org", Role.STUDENT, REGISTERED));

        assertThat(projection.handle(new FindStudents())).containsExactlyInAnyOrder(
                new UserView(first, "S1", "s1@example.org", Role.STUDENT),
                new UserView(second, "S2", "s2@example.org", Role.STUDENT));
    }

    private static String id() {
        return new ObjectId().toHexString();
    }

    private static List<Document> all(MongoCollection<Document> collection) {
        return collection.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
}
