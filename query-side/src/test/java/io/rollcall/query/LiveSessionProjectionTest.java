package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.StudentEnrolled;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FetchSessionSummary;
import io.rollcall.api.session.FetchStudentMark;
import io.rollcall.api.session.FindActiveSessionForStudent;
import io.rollcall.api.session.FindActiveSessionsOfTeacher;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSummary;
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
    private ClassProjection classes;
    private LiveSessionProjection projection;

    @BeforeEach
    void setUp() {
        database = mongo.freshDatabase();
        sessions = database.getCollection(ReadCollections.SESSIONS);
        byClass = database.getCollection(ReadCollections.CLASS_SESSIONS);
        classes = new ClassProjection(database, new ProjectionWriter());
        projection = new LiveSessionProjection(database, classes, new ProjectionWriter());
        projection.loadActiveSessions();
    }

    @Test
    void sessionStartedStoresAnActiveSessionWithNoMarks() {
        projection.on(started(sessionId, classId, STARTED));

        assertThat(all()).containsExactly(startedDoc(new Document()));
        assertThat(byClass.find().into(new ArrayList<>())).containsExactly(new Document("_id", new ObjectId(classId))
                .append("sessions", new Document(sessionId, Date.from(STARTED))));
        assertThat(projection.activeSessionCount()).isEqualTo(1);
        assertThat(projection.handle(new FindActiveSessionsOfTeacher(teacherId)))
                .containsExactly(new ActiveSessionView(sessionId, classId, teacherId, STARTED));
    }

    @Test
    void attendanceMarkedKeepsEachStudentsLatestMark() {
        projection.on(started(sessionId, classId, STARTED));

        projection.on(marked(ada, PRESENT, null));
        projection.on(marked(bo, ABSENT, null));
        assertThat(all()).containsExactly(startedDoc(new Document(ada, "present").append(bo, "absent")));
        assertThat(projection.handle(new FetchSessionSummary(sessionId))).isEqualTo(new SessionSummary(1, 1));

        projection.on(marked(ada, ABSENT, PRESENT)); // a correction replaces, never adds
        assertThat(all()).containsExactly(startedDoc(new Document(ada, "absent").append(bo, "absent")));
        assertThat(projection.handle(new FetchSessionSummary(sessionId))).isEqualTo(new SessionSummary(0, 2));
        assertThat(projection.handle(new FetchStudentMark(sessionId, ada))).contains(ABSENT);
        assertThat(projection.activeSessionCount()).isEqualTo(1);
    }

    @Test
    void sessionSupersededEndsTheSessionAndTakesItOutOfTheActiveIndex() {
        String successor = id();
        Instant at = STARTED.plusSeconds(600);
        projection.on(started(sessionId, classId, STARTED));
        projection.on(marked(ada, PRESENT, null));

        projection.on(new SessionSuperseded(classId, sessionId, successor, teacherId, at));

        assertThat(all()).containsExactly(startedDoc(new Document(ada, "present"))
                .append("state", "superseded")
                .append("supersededBy", new ObjectId(successor))
                .append("endedAt", Date.from(at)));
        assertThat(projection.activeSessionCount()).isZero();
        assertThat(projection.handle(new FindActiveSessionsOfTeacher(teacherId))).isEmpty();
    }

    @Test
    void sessionFinalizedEndsTheSessionAndTakesItOutOfTheActiveIndex() {
        Instant at = STARTED.plusSeconds(900);
        projection.on(started(sessionId, classId, STARTED));
        projection.on(marked(ada, PRESENT, null));
        projection.on(marked(bo, ABSENT, null));

        projection.on(finalized(sessionId, at));

        assertThat(all()).containsExactly(startedDoc(new Document(ada, "present").append(bo, "absent"))
                .append("state", "finalized")
                .append("endedAt", Date.from(at)));
        assertThat(projection.activeSessionCount()).isZero();
        assertThat(projection.handle(new FetchSessionSummary(sessionId))).as("marks outlive the session")
                .isEqualTo(new SessionSummary(1, 1));
    }

    @Test
    void reapplyingEachEventLeavesTheSameDocumentsAndIndex() {
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
            List<ActiveSessionView> active = projection.handle(new FindActiveSessionsOfTeacher(teacherId));

            event.run();

            assertThat(stored()).isEqualTo(once);
            assertThat(projection.handle(new FindActiveSessionsOfTeacher(teacherId))).isEqualTo(active);
        }
    }

    @Test
    void reapplyingAnInOrderSuffixOfTheHistoryLeavesTheSameDocumentsAndIndex() {
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
        List<ActiveSessionView> active = projection.handle(new FindActiveSessionsOfTeacher(teacherId));
        assertThat(active).extracting(ActiveSessionView::sessionId).containsExactly(third);

        for (int from = history.size() - 1; from >= 0; from--) {
            history.subList(from, history.size()).forEach(Runnable::run);
            assertThat(stored()).as("re-applied from event %d", from).isEqualTo(expected);
            assertThat(projection.handle(new FindActiveSessionsOfTeacher(teacherId))).isEqualTo(active);
            assertThat(projection.activeSessionCount()).isEqualTo(1);
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
    void resetEmptiesTheCollectionAndTheActiveIndex() {
        projection.on(started(sessionId, classId, STARTED));
        projection.on(marked(ada, PRESENT, null));

        projection.reset();

        assertThat(sessions.countDocuments()).isZero();
        assertThat(byClass.countDocuments()).isZero();
        assertThat(projection.activeSessionCount()).isZero();
        assertThat(projection.handle(new FindActiveSessionsOfTeacher(teacherId))).isEmpty();
        assertThat(projection.handle(new FetchSessionSummary(sessionId))).isEqualTo(new SessionSummary(0, 0));
    }

    @Test
    void theActiveIndexIsRebuiltFromTheDocumentsAtStartUp() {
        String ended = id();
        String superseded = id();
        projection.on(started(sessionId, classId, STARTED));
        projection.on(started(ended, id(), STARTED.minusSeconds(7200)));
        projection.on(finalized(ended, STARTED.minusSeconds(3600)));
        String otherClass = id();
        projection.on(started(superseded, otherClass, STARTED.minusSeconds(600)));
        projection.on(new SessionSuperseded(otherClass, superseded, sessionId, teacherId, STARTED));

        LiveSessionProjection restarted = new LiveSessionProjection(database, classes, new ProjectionWriter());
        restarted.loadActiveSessions();

        assertThat(restarted.activeSessionCount()).isEqualTo(1);
        assertThat(restarted.handle(new FindActiveSessionsOfTeacher(teacherId)))
                .containsExactly(new ActiveSessionView(sessionId, classId, teacherId, STARTED));
    }

    @Test
    void reloadTakesTheActiveIndexFromCollectionsReplacedUnderneath() {
        String stillActive = id();
        projection.on(started(sessionId, classId, STARTED));
        projection.on(started(stillActive, id(), STARTED.minusSeconds(60)));
        // a rebuild swapped in a collection in which the first session has ended meanwhile
        sessions.updateOne(new Document("_id", new ObjectId(sessionId)),
                new Document("$set", new Document("state", "finalized")));

        projection.reload();

        assertThat(projection.activeSessionCount()).isEqualTo(1);
        assertThat(projection.handle(new FindActiveSessionsOfTeacher(teacherId))).extracting(ActiveSessionView::sessionId)
                .containsExactly(stillActive);
    }

    @Test
    void activeSessionsOfATeacherAreNewestFirstAndOnlyTheirs() {
        String first = id();
        String second = id();
        // both orders of the same ids: the in-memory index's own iteration order can match only one of them
        for (boolean firstIsNewer : List.of(false, true)) {
            LiveSessionProjection live = new LiveSessionProjection(mongo.freshDatabase(), classes,
                    new ProjectionWriter());
            live.on(started(first, id(), firstIsNewer ? STARTED.plusSeconds(60) : STARTED));
            live.on(started(second, id(), firstIsNewer ? STARTED : STARTED.plusSeconds(60)));
            live.on(new SessionStarted(id(), id(), id(), STARTED.plusSeconds(120))); // another teacher's

            assertThat(live.handle(new FindActiveSessionsOfTeacher(teacherId)))
                    .extracting(ActiveSessionView::sessionId)
                    .containsExactlyElementsOf(firstIsNewer ? List.of(first, second) : List.of(second, first));
            assertThat(live.handle(new FindActiveSessionsOfTeacher(id()))).isEmpty();
        }
    }

    @Test
    void activeSessionForAStudentIsTheNewestOfTheirClassesOrOfTheNamedOne() {
        String classA = id();
        String classB = id();
        String classC = id(); // ada is not enrolled here
        String sessionA = id();
        String sessionB = id();
        String sessionC = id();
        // both orders of the same ids: the in-memory index's own iteration order can match only one of them
        for (boolean aIsNewer : List.of(false, true)) {
            MongoDatabase fresh = mongo.freshDatabase();
            ClassProjection classViews = new ClassProjection(fresh, new ProjectionWriter());
            LiveSessionProjection live = new LiveSessionProjection(fresh, classViews, new ProjectionWriter());
            for (String c : List.of(classA, classB, classC)) {
                classViews.on(new ClassCreated(c, "class", teacherId, STARTED));
            }
            classViews.on(new StudentEnrolled(classA, ada, teacherId, STARTED));
            classViews.on(new StudentEnrolled(classB, ada, teacherId, STARTED));
            live.on(started(sessionA, classA, aIsNewer ? STARTED.plusSeconds(60) : STARTED));
            live.on(started(sessionB, classB, aIsNewer ? STARTED : STARTED.plusSeconds(60)));
            live.on(started(sessionC, classC, STARTED.plusSeconds(120)));
            String newer = aIsNewer ? sessionA : sessionB;
            String older = aIsNewer ? sessionB : sessionA;

            assertThat(live.handle(new FindActiveSessionForStudent(ada, null)))
                    .map(ActiveSessionView::sessionId).contains(newer);
            assertThat(live.handle(new FindActiveSessionForStudent(ada, classA)))
                    .map(ActiveSessionView::sessionId).contains(sessionA);
            assertThat(live.handle(new FindActiveSessionForStudent(ada, classB)))
                    .map(ActiveSessionView::sessionId).contains(sessionB);
            assertThat(live.handle(new FindActiveSessionForStudent(ada, classC))).as("not enrolled").isEmpty();
            assertThat(live.handle(new FindActiveSessionForStudent(bo, null))).isEmpty();

            String newerClass = aIsNewer ? classA : classB;
            live.on(new SessionFinalized(newerClass, newer, teacherId, STARTED.plusSeconds(180), Map.of(), 0, 0));
            assertThat(live.handle(new FindActiveSessionForStudent(ada, null)))
                    .map(ActiveSessionView::sessionId).contains(older);
        }
    }

    @Test
    void markAndSummaryQueriesAnswerEmptyForUnmarkedUnknownOrMalformedIds() {
        projection.on(started(sessionId, classId, STARTED));
        projection.on(marked(ada, PRESENT, null));

        assertThat(projection.handle(new FetchStudentMark(sessionId, ada))).contains(PRESENT);
        assertThat(projection.handle(new FetchStudentMark(sessionId, bo))).as("not marked yet").isEmpty();
        assertThat(projection.handle(new FetchStudentMark(id(), ada))).isEmpty();
        assertThat(projection.handle(new FetchStudentMark("nope", ada))).isEmpty();
        assertThat(projection.handle(new FetchSessionSummary(id()))).isEqualTo(new SessionSummary(0, 0));
        assertThat(projection.handle(new FetchSessionSummary("nope"))).isEqualTo(new SessionSummary(0, 0));
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
