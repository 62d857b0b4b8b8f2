package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
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

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

class LiveSessionProjectionTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final Instant STARTED = Instant.parse("2025-02-03T09:00:00.500Z");

    private final String classId = id();
    private final String sessionId = id();
    private final String teacherId = id();
    private final String ada = id();
    private final String bo = id();
    private MongoDatabase database;
    private MongoCollection<Document> sessions;
    private MongoCollection<Document> byClass;
    private LiveSessionProjection projection;

    @BeforeEach
    void setUp() {
        database = mongo.freshDatabase();
        sessions = database.getCollection(ReadCollections.SESSIONS);
        byClass = database.getCollection(ReadCollections.CLASS_SESSIONS);
        projection = new LiveSessionProjection(database, new ProjectionWriter());
    }

    @Test
    void sessionStartedStoresAnActiveSessionWithNoMarks() {
        projection.on(started(sessionId, classId, STARTED));

        assertThat(all()).containsExactly(startedDoc(new Document()));
        assertThat(byClass.find().into(new ArrayList<>())).containsExactly(new Document("_id", new ObjectId(classId))
                .append("sessions", new Document(sessionId, Date.from(STARTED))));
        assertThat(projection.storedActiveSessions())
                .containsExactly(new ActiveSessionView(sessionId, classId, teacherId, STARTED));
    }

    @Test
    void attendanceMarkedKeepsEachStudentsLatestMark() {
        projection.on(started(sessionId, classId, STARTED));

        projection.on(marked(ada, PRESENT, null));
        projection.on(marked(bo, ABSENT, null));
        assertThat(all()).containsExactly(startedDoc(new Document(ada, "present").append(bo, "absent")));

        projection.on(marked(ada, ABSENT, PRESENT)); // a correction replaces, never adds
        assertThat(all()).containsExactly(startedDoc(new Document(ada, "absent").append(bo, "absent")));
    }

    @Test
    void sessionSupersededEndsTheSession() {
        String successor = id();
        Instant at = STARTED.plusSeconds(600);
        projection.on(started(sessionId, classId, STARTED));
        projection.on(marked(ada, PRESENT, null));

        projection.on(new SessionSuperseded(classId, sessionId, successor, teacherId, at));

        assertThat(all()).containsExactly(startedDoc(new Document(ada, "present"))
                .append("state", "superseded")
                .append("supersededBy", new ObjectId(successor))
                .append("endedAt", Date.from(at)));
        assertThat(projection.storedActiveSessions()).isEmpty();
    }

    @Test
    void sessionFinalizedEndsTheSession() {
        Instant at = STARTED.plusSeconds(900);
        projection.on(started(sessionId, classId, STARTED));
        projection.on(marked(ada, PRESENT, null));
        projection.on(marked(bo, ABSENT, null));

        projection.on(finalized(sessionId, at));

        assertThat(all()).containsExactly(startedDoc(new Document(ada, "present").append(bo, "absent"))
                .append("state", "finalized")
                .append("endedAt", Date.from(at)));
        assertThat(projection.storedActiveSessions()).isEmpty();
    }

    @Test
    void reapplyingEachEventLeavesTheSameDocuments() {
        String other = id();
        List<Runnable> events = List.of(
                () -> projection.on(started(sessionId, classId, STARTED)),
                () -> projection.on(marked(ada, PRESENT, null)),
                () -> projection.on(marked(ada, ABSENT, PRESENT)),
                () -> projection.on(new SessionSuperseded(classId, sessionId, other, teacherId, STARTED.plusSeconds(5))),
                () -> projection.on(started(other, classId, STARTED.plusSeconds(5))),
                () -> projection.on(finalized(other, STARTED.plusSeconds(50))));
        for (Runnable event : events) {
            event.run();
            List<Document> once = stored();
            List<ActiveSessionView> active = projection.storedActiveSessions();

            event.run();

            assertThat(stored()).isEqualTo(once);
            assertThat(projection.storedActiveSessions()).isEqualTo(active);
        }
    }

    @Test
    void reapplyingAnInOrderSuffixOfTheHistoryLeavesTheSameDocuments() {
        String second = id();
        String third = id();
        List<Runnable> history = List.of(
                () -> projection.on(started(sessionId, classId, STARTED)),
                () -> projection.on(marked(ada, PRESENT, null)),
                () -> projection.on(new SessionSuperseded(classId, sessionId, second, teacherId, STARTED.plusSeconds(60))),
                () -> projection.on(started(second, classId, STARTED.plusSeconds(60))),
                () -> projection.on(marked(second, bo, PRESENT, null)),
                () -> projection.on(marked(second, bo, ABSENT, PRESENT)),
                () -> projection.on(finalized(second, STARTED.plusSeconds(120))),
                () -> projection.on(started(third, classId, STARTED.plusSeconds(180))),
                () -> projection.on(marked(third, ada, ABSENT, null)));
        history.forEach(Runnable::run);
        List<Document> expected = stored();
        List<ActiveSessionView> active = projection.storedActiveSessions();
        assertThat(active).extracting(ActiveSessionView::sessionId).containsExactly(third);

        for (int from = history.size() - 1; from >= 0; from--) {
            history.subList(from, history.size()).forEach(Runnable::run);
            assertThat(stored()).as("re-applied from event %d", from).isEqualTo(expected);
            assertThat(projection.storedActiveSessions()).isEqualTo(active);
        }
    }

    @Test
    void eachClassListsItsOwnSessionsWithTheirStartWhateverBecameOfThem() {
        String second = id();
        String elsewhere = id();
        String otherClass = id();
        projection.on(started(sessionId, classId, STARTED));
        projection.on(new SessionSuperseded(classId, sessionId, second, teacherId, STARTED.plusSeconds(60)));
        projection.on(started(second, classId, STARTED.plusSeconds(60)));
        projection.on(finalized(second, STARTED.plusSeconds(120)));
        projection.on(started(elsewhere, otherClass, STARTED.plusSeconds(180)));

        assertThat(byClass.find().sort(Sorts.ascending("_id")).into(new ArrayList<>())).containsExactly(
                new Document("_id", new ObjectId(classId)).append("sessions", new Document(sessionId,
                        Date.from(STARTED)).append(second, Date.from(STARTED.plusSeconds(60)))),
                new Document("_id", new ObjectId(otherClass)).append("sessions",
                        new Document(elsewhere, Date.from(STARTED.plusSeconds(180)))));
    }

    @Test
    void resetEmptiesTheCollections() {
        projection.on(started(sessionId, classId, STARTED));
        projection.on(marked(ada, PRESENT, null));

        projection.reset();

        assertThat(sessions.countDocuments()).isZero();
        assertThat(byClass.countDocuments()).isZero();
        assertThat(projection.storedActiveSessions()).isEmpty();
    }

    @Test
    void storedActiveSessionsAreTheOpenOnesWhereTheIndexStartsFrom() {
        String ended = id();
        String superseded = id();
        projection.on(started(sessionId, classId, STARTED));
        projection.on(started(ended, id(), STARTED.minusSeconds(7200)));
        projection.on(finalized(ended, STARTED.minusSeconds(3600)));
        String otherClass = id();
        projection.on(started(superseded, otherClass, STARTED.minusSeconds(600)));
        projection.on(new SessionSuperseded(otherClass, superseded, sessionId, teacherId, STARTED));

        assertThat(projection.storedActiveSessions())
                .containsExactly(new ActiveSessionView(sessionId, classId, teacherId, STARTED));
    }

    private Document startedDoc(Document marks) {
        return new Document("_id", new ObjectId(sessionId))
                .append("classId", new ObjectId(classId))
                .append("teacherId", new ObjectId(teacherId))
                .append("startedAt", Date.from(STARTED))
                .append("state", "active")
                .append("marks", marks);
    }

    private SessionStarted started(String session, String inClass, Instant at) {
        return new SessionStarted(inClass, session, teacherId, at);
    }

    private AttendanceMarked marked(String student, AttendanceStatus status, AttendanceStatus previous) {
        return marked(sessionId, student, status, previous);
    }

    private AttendanceMarked marked(String session, String student, AttendanceStatus status,
                                    AttendanceStatus previous) {
        return new AttendanceMarked(classId, session, student, status, previous, teacherId, STARTED.plusSeconds(1),
                MarkOrigin.TEACHER_MARK);
    }

    private SessionFinalized finalized(String session, Instant at) {
        return new SessionFinalized(classId, session, teacherId, at, Map.of(), 0, 0);
    }

    private List<Document> all() {
        return sessions.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** Everything the projection stored: the sessions, then the per-class lists. */
    private List<Document> stored() {
        List<Document> stored = all();
        byClass.find().sort(Sorts.ascending("_id")).into(stored);
        return stored;
    }

    private static String id() {
        return new ObjectId().toHexString();
    }
}
