package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FetchMyAttendance;
import io.rollcall.api.session.SessionFinalized;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

class AttendanceProjectionTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final Instant FINALIZED = Instant.parse("2025-02-03T10:00:00.750Z");

    private final String classId = id();
    private final String teacherId = id();
    private final String ada = id();
    private final String bo = id();
    private MongoCollection<Document> attendance;
    private MongoCollection<Document> byClass;
    private ClassProjection classes;
    private AttendanceProjection projection;

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        attendance = database.getCollection(ReadCollections.ATTENDANCE);
        byClass = database.getCollection(ReadCollections.CLASS_FINALIZED_SESSIONS);
        classes = new ClassProjection(database, new ProjectionWriter());
        projection = new AttendanceProjection(database, classes, new ProjectionWriter());
    }

    @Test
    void sessionFinalizedStoresOneRecordPerStudent() {
        String sessionId = id();

        projection.on(finalized(sessionId, FINALIZED, statuses(ada, PRESENT, bo, ABSENT)));

        assertThat(all()).containsExactlyInAnyOrder(
                record(sessionId, ada, "present", FINALIZED),
                record(sessionId, bo, "absent", FINALIZED));
        assertThat(byClass.find().into(new ArrayList<>())).containsExactly(new Document("_id", new ObjectId(classId))
                .append("sessions", new Document(sessionId, Date.from(FINALIZED))));
    }

    @Test
    void eachClassListsItsFinalizedSessionsWithTheirEnd() {
        String first = id();
        String second = id();
        String elsewhere = id();
        String otherClass = id();
        projection.on(finalized(first, FINALIZED, statuses(ada, PRESENT)));
        projection.on(finalized(second, FINALIZED.plusSeconds(60), Map.of())); // a column, even without records
        projection.on(new SessionFinalized(otherClass, elsewhere, teacherId, FINALIZED, statuses(bo, ABSENT), 0, 1));

        assertThat(byClass.find().sort(Sorts.ascending("_id")).into(new ArrayList<>())).containsExactly(
                new Document("_id", new ObjectId(classId)).append("sessions", new Document(first,
                        Date.from(FINALIZED)).append(second, Date.from(FINALIZED.plusSeconds(60)))),
                new Document("_id", new ObjectId(otherClass)).append("sessions",
                        new Document(elsewhere, Date.from(FINALIZED))));
    }

    @Test
    void recordIdsAreDerivedFromSessionAndStudentAndDifferBetweenThem() {
        String first = id();
        String second = id();

        projection.on(finalized(first, FINALIZED, statuses(ada, PRESENT, bo, ABSENT)));
        projection.on(finalized(second, FINALIZED.plusSeconds(60), statuses(ada, ABSENT)));

        assertThat(all()).hasSize(3).extracting(doc -> doc.getObjectId("_id")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(ObjectIds.derived(first, ada), ObjectIds.derived(first, bo),
                        ObjectIds.derived(second, ada));
    }

    @Test
    void aSessionWithoutStudentsStoresNothing() {
        projection.on(finalized(id(), FINALIZED, Map.of()));

        assertThat(attendance.countDocuments()).isZero();
    }

    @Test
    void reapplyingAFinalizationLeavesTheSameRecords() {
        projection.on(finalized(id(), FINALIZED, statuses(ada, ABSENT)));
        SessionFinalized event = finalized(id(), FINALIZED.plusSeconds(60), statuses(ada, PRESENT, bo, ABSENT));
        projection.on(event);
        List<Document> once = all();
        List<Document> listedOnce = byClass.find().into(new ArrayList<>());

        projection.on(event);

        assertThat(all()).hasSize(3).isEqualTo(once);
        assertThat(byClass.find().into(new ArrayList<>())).isEqualTo(listedOnce);
    }

    @Test
    void resetEmptiesTheCollection() {
        projection.on(finalized(id(), FINALIZED, statuses(ada, PRESENT)));

        projection.reset();

        assertThat(attendance.countDocuments()).isZero();
        assertThat(byClass.countDocuments()).isZero();
    }

    @Test
    void myAttendanceIsMyStatusInTheClassesLatestFinalizedSession() {
        String first = id();
        String second = id();
        classes.on(new ClassCreated(classId, "Physics", teacherId, FINALIZED.minusSeconds(86_400)));
        assertThat(projection.handle(new FetchMyAttendance(classId, ada))).as("nothing finalized yet").isEmpty();

        apply(finalized(first, FINALIZED, statuses(ada, PRESENT, bo, ABSENT)));
        assertThat(projection.handle(new FetchMyAttendance(classId, ada))).contains(PRESENT);
        assertThat(projection.handle(new FetchMyAttendance(classId, bo))).contains(ABSENT);

        apply(finalized(second, FINALIZED.plusSeconds(3600), statuses(ada, ABSENT)));
        assertThat(projection.handle(new FetchMyAttendance(classId, ada))).contains(ABSENT);
        assertThat(projection.handle(new FetchMyAttendance(classId, bo))).as("not in the latest session").isEmpty();
    }

    @Test
    void myAttendanceIsEmptyForUnknownOrMalformedClasses() {
        apply(finalized(id(), FINALIZED, statuses(ada, PRESENT)));

        assertThat(projection.handle(new FetchMyAttendance(id(), ada))).isEmpty();
        assertThat(projection.handle(new FetchMyAttendance("nope", ada))).isEmpty();
    }

    /** Finalization reaches both projections, as it does in the application. */
    private void apply(SessionFinalized event) {
        classes.on(event);
        projection.on(event);
    }

    private Document record(String sessionId, String studentId, String status, Instant date) {
        return new Document("_id", ObjectIds.derived(sessionId, studentId))
                .append("classId", new ObjectId(classId))
                .append("studentId", new ObjectId(studentId))
                .append("sessionId", new ObjectId(sessionId))
                .append("status", status)
                .append("date", Date.from(date));
    }

    private SessionFinalized finalized(String sessionId, Instant at, Map<String, AttendanceStatus> statuses) {
        int present = (int) statuses.values().stream().filter(PRESENT::equals).count();
        return new SessionFinalized(classId, sessionId, teacherId, at, statuses, present, statuses.size() - present);
    }

    private static Map<String, AttendanceStatus> statuses(Object... pairs) {
        Map<String, AttendanceStatus> statuses = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            statuses.put((String) pairs[i], (AttendanceStatus) pairs[i + 1]);
        }
        return statuses;
    }

    private List<Document> all() {
        return attendance.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static String id() {
        return new ObjectId().toHexString();
    }
}
