package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.ClassRoster;
import io.rollcall.api.classes.ClassView;
import io.rollcall.api.classes.FindClass;
import io.rollcall.api.classes.FindClassRoster;
import io.rollcall.api.classes.StudentEnrolled;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.SessionFinalized;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClassProjectionTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final Instant CREATED = Instant.parse("2025-02-03T08:00:00.250Z");
    private static final List<String> STUDENTS = List.of(id(), id());
    private static final List<String> SESSIONS = List.of(id(), id());

    private final String classId = id();
    private final String teacherId = id();
    private MongoDatabase database;
    private MongoCollection<Document> classes;
    private ClassProjection projection;

    @BeforeEach
    void setUp() {
        database = mongo.freshDatabase();
        classes = database.getCollection(ReadCollections.CLASSES);
        projection = new ClassProjection(database, new ProjectionWriter());
    }

    @Test
    void classCreatedStoresTheClassWithNoStudents() {
        projection.on(created());

        assertThat(all()).containsExactly(new Document("_id", new ObjectId(classId))
                .append("className", "Physics 101")
                .append("teacherId", new ObjectId(teacherId))
                .append("studentIds", List.of())
                .append("createdAt", Date.from(CREATED)));
        assertThat(projection.handle(new FindClass(classId)))
                .contains(new ClassView(classId, "Physics 101", teacherId, List.of()));
    }

    @Test
    void studentEnrolledAddsTheStudentInEnrolmentOrder() {
        String first = id();
        String second = id();
        projection.on(created());

        projection.on(enrolled(first));
        projection.on(enrolled(second));

        assertThat(all()).containsExactly(new Document("_id", new ObjectId(classId))
                .append("className", "Physics 101")
                .append("teacherId", new ObjectId(teacherId))
                .append("studentIds", List.of(new ObjectId(first), new ObjectId(second)))
                .append("createdAt", Date.from(CREATED)));
        assertThat(projection.handle(new FindClass(classId)))
                .contains(new ClassView(classId, "Physics 101", teacherId, List.of(first, second)));
    }

    @Test
    void sessionFinalizedRecordsTheLatestFinalizedSession() {
        String earlier = id();
        String later = id();
        projection.on(created());

        projection.on(finalized(earlier));
        assertThat(classes.find().first()).containsEntry("lastFinalizedSessionId", new ObjectId(earlier));

        projection.on(finalized(later));
        assertThat(all()).containsExactly(new Document("_id", new ObjectId(classId))
                .append("className", "Physics 101")
                .append("teacherId", new ObjectId(teacherId))
                .append("studentIds", List.of())
                .append("createdAt", Date.from(CREATED))
                .append("lastFinalizedSessionId", new ObjectId(later)));
    }

    @Test
    void reapplyingEachEventLeavesTheSameDocumentsAndView() {
        String student = id();
        ClassCreated create = created();
        StudentEnrolled enrol = enrolled(student);
        SessionFinalized finalize = finalized(id());

        projection.on(create);
        List<Document> afterCreate = all();
        projection.on(create);
        assertThat(all()).isEqualTo(afterCreate);

        projection.on(enrol);
        List<Document> afterEnrol = all();
        projection.on(enrol);
        assertThat(all()).isEqualTo(afterEnrol);
        assertThat(projection.handle(new FindClass(classId)).orElseThrow().studentIds()).containsExactly(student);

        projection.on(finalize);
        List<Document> afterFinalize = all();
        projection.on(finalize);
        assertThat(all()).isEqualTo(afterFinalize);
    }

    @Test
    void reapplyingAnInOrderSuffixOfTheHistoryLeavesTheSameDocumentsAndView() {
        List<Runnable> history = List.of(
                () -> projection.on(created()),
                () -> projection.on(enrolled(STUDENTS.get(0))),
                () -> projection.on(finalized(SESSIONS.get(0))),
                () -> projection.on(enrolled(STUDENTS.get(1))),
                () -> projection.on(finalized(SESSIONS.get(1))));
        history.forEach(Runnable::run);
        List<Document> expected = all();
        ClassView view = projection.handle(new FindClass(classId)).orElseThrow();

        for (int from = history.size() - 1; from >= 0; from--) {
            history.subList(from, history.size()).forEach(Runnable::run);
            assertThat(all()).as("re-applied from event %d", from).isEqualTo(expected);
            assertThat(projection.handle(new FindClass(classId))).contains(view);
        }
    }

    @Test
    void resetEmptiesTheCollectionAndTheMembershipCache() {
        projection.on(created());
        projection.on(enrolled(id()));
        assertThat(projection.handle(new FindClass(classId))).isPresent(); // now cached

        projection.reset();

        assertThat(classes.countDocuments()).isZero();
        assertThat(projection.handle(new FindClass(classId))).as("nothing left in memory").isEmpty();
        assertThat(projection.handle(new FindClassRoster(classId))).isEmpty();
    }

    @Test
    void findClassReadsThroughTheCollectionAfterARestartAndFollowsLaterEnrolments() {
        String first = id();
        String second = id();
        projection.on(created());
        projection.on(enrolled(first));
        ClassProjection restarted = new ClassProjection(database, new ProjectionWriter());

        assertThat(restarted.handle(new FindClass(classId)))
                .contains(new ClassView(classId, "Physics 101", teacherId, List.of(first)));

        restarted.on(enrolled(second));
        assertThat(restarted.handle(new FindClass(classId)))
                .contains(new ClassView(classId, "Physics 101", teacherId, List.of(first, second)));
    }

    @Test
    void enrolmentOfAClassNotYetInMemoryIsReadFromTheCollection() {
        projection.on(created());
        ClassProjection restarted = new ClassProjection(database, new ProjectionWriter());
        String student = id();

        restarted.on(enrolled(student));

        assertThat(restarted.handle(new FindClass(classId)).orElseThrow().studentIds()).containsExactly(student);
    }

    @Test
    void theHandlersKeepTheMembershipInMemoryEvenBeforeABatchIsWritten() {
        ProjectionWriter writer = new ProjectionWriter();
        ClassProjection replaying = new ClassProjection(database, writer);
        String student = id();

        writer.batched(() -> {
            replaying.on(created());
            replaying.on(enrolled(student));
            assertThat(classes.countDocuments()).as("still pending").isZero();
            assertThat(replaying.handle(new FindClass(classId)))
                    .contains(new ClassView(classId, "Physics 101", teacherId, List.of(student)));
            return null;
        });

        assertThat(classes.find().first().getList("studentIds", ObjectId.class)).containsExactly(new ObjectId(student));
    }

    @Test
    void findClassAnswersNothingForUnknownOrMalformedIds() {
        projection.on(created());

        assertThat(projection.handle(new FindClass(id()))).isEmpty();
        assertThat(projection.handle(new FindClass("nope"))).isEmpty();
        assertThat(projection.handle(new FindClass(null))).isEmpty();
        assertThat(projection.handle(new FindClassRoster(id()))).isEmpty();
    }

    @Test
    void rosterListsEnrolledStudentsWithTheirNamesInEnrolmentOrder() {
        String ada = id();
        String bo = id();
        String unregistered = id();
        UserProjection users = new UserProjection(database, new ProjectionWriter());
        users.on(new UserRegistered(bo, "Bo", "bo@example.org", Role.STUDENT, CREATED));
        users.on(new UserRegistered(ada, "Ada", "ada@example.org", Role.STUDENT, CREATED));
        users.on(new UserRegistered(id(), "Not enrolled", "x@example.org", Role.STUDENT, CREATED));
        projection.on(created());
        projection.on(enrolled(ada));
        projection.on(enrolled(unregistered)); // no users document: left out rather than shown blank
        projection.on(enrolled(bo));

        assertThat(projection.handle(new FindClassRoster(classId))).contains(new ClassRoster(classId,
                "Physics 101", teacherId, List.of(
                        new UserView(ada, "Ada", "ada@example.org", Role.STUDENT),
                        new UserView(bo, "Bo", "bo@example.org", Role.STUDENT))));
    }

    @Test
    void reloadForgetsTheMembershipKeptInMemorySoTheReplacedCollectionIsRead() {
        String student = id();
        projection.on(created());
        assertThat(projection.handle(new FindClass(classId)).orElseThrow().studentIds()).isEmpty();
        // a rebuild swapped in a collection that holds an enrolment this instance never saw
        classes.updateOne(new Document("_id", new ObjectId(classId)),
                new Document("$push", new Document("studentIds", new ObjectId(student))));

        projection.reload();

        assertThat(projection.handle(new FindClass(classId)).orElseThrow().studentIds()).containsExactly(student);
    }

    private ClassCreated created() {
        return new ClassCreated(classId, "Physics 101", teacherId, CREATED);
    }

    private StudentEnrolled enrolled(String studentId) {
        return new StudentEnrolled(classId, studentId, teacherId, CREATED.plusSeconds(60));
    }

    private SessionFinalized finalized(String sessionId) {
        return new SessionFinalized(classId, sessionId, teacherId, CREATED.plusSeconds(3600),
                Map.of(), 0, 0);
    }

    private List<Document> all() {
        return classes.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static String id() {
        return new ObjectId().toHexString();
    }
}
