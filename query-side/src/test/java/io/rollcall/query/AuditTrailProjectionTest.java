package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.audit.AuditEntry;
import io.rollcall.api.audit.AuditPage;
import io.rollcall.api.audit.FetchAuditTrail;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static io.rollcall.api.session.MarkOrigin.AUTO_ABSENT_AT_FINALIZE;
import static io.rollcall.api.session.MarkOrigin.TEACHER_MARK;
import static org.assertj.core.api.Assertions.assertThat;

/** The audit projection's stored documents: entries, each class's newest position, the position lists. */
class AuditTrailProjectionTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final Instant MARKED = Instant.parse("2025-02-03T09:05:00.042Z");

    private final String classId = id();
    private final String sessionId = id();
    private final String teacherId = id();
    private final String ada = id();
    private final String bo = id();
    private MongoCollection<Document> audit;
    private MongoCollection<Document> heads;
    private MongoCollection<Document> positions;
    private AuditTrailProjection projection;

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        audit = database.getCollection(ReadCollections.AUDIT);
        heads = database.getCollection(ReadCollections.AUDIT_HEADS);
        positions = database.getCollection(ReadCollections.AUDIT_POSITIONS);
        projection = new AuditTrailProjection(database, new ProjectionWriter());
    }

    @Test
    void aFirstMarkStoresAnEntryWithoutPreviousStatus() {
        String eventId = eventId();

        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId, 7L);

        assertThat(all()).containsExactly(new Document("_id", entryId(7L))
                .append("eventId", eventId)
                .append("position", 7L)
                .append("classId", new ObjectId(classId))
                .append("sessionId", new ObjectId(sessionId))
                .append("studentId", new ObjectId(ada))
                .append("status", "present")
                .append("previousStatus", null)
                .append("markedBy", new ObjectId(teacherId))
                .append("markedAt", Date.from(MARKED))
                .append("origin", "TEACHER_MARK"));
    }

    @Test
    void aCorrectionAddsItsOwnEntryWithWhatTheMarkWasBefore() {
        String firstId = eventId();
        String correctionId = eventId();
        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), firstId, 7L);

        projection.on(mark(sessionId, ada, ABSENT, PRESENT, TEACHER_MARK), correctionId, 8L);

        assertThat(all()).containsExactlyInAnyOrder(
                stored(firstId, 7L, ada, "present", null, "TEACHER_MARK"),
                stored(correctionId, 8L, ada, "absent", "present", "TEACHER_MARK"));
    }

    @Test
    void anAutomaticAbsenceIsToldApartByItsOrigin() {
        String eventId = eventId();

        projection.on(mark(sessionId, bo, ABSENT, null, AUTO_ABSENT_AT_FINALIZE), eventId, 9L);

        assertThat(all()).containsExactly(stored(eventId, 9L, bo, "absent", null, "AUTO_ABSENT_AT_FINALIZE"));
        assertThat(page(null, null, 10, null).entries()).extracting(AuditEntry::origin)
                .containsExactly(AUTO_ABSENT_AT_FINALIZE);
    }

    @Test
    void reapplyingAnEventRewritesItsOwnEntryWhileAnotherEventAddsOne() {
        AttendanceMarked marked = mark(sessionId, ada, PRESENT, null, TEACHER_MARK);
        String eventId = eventId();
        projection.on(marked, eventId, 1L);
        List<Document> once = everything();

        projection.on(marked, eventId, 1L);
        assertThat(everything()).isEqualTo(once);

        projection.on(marked, eventId(), 2L); // same content, another event: a second entry
        assertThat(all()).hasSize(2);
    }

    @Test
    void resetEmptiesTheCollection() {
        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId(), 1L);

        projection.reset();

        assertThat(audit.countDocuments()).isZero();
        assertThat(heads.countDocuments()).isZero();
        assertThat(positions.countDocuments()).isZero();
        assertThat(page(null, null, 10, null)).isEqualTo(new AuditPage(List.of(), null));
    }

    @Test
    void theClassKeepsItsNewestPositionAndEachStudentAndSessionTheirOwnPositions() {
        String otherSession = id();
        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId(), 4L);
        projection.on(mark(otherSession, ada, ABSENT, null, TEACHER_MARK), eventId(), 9L);
        projection.on(mark(sessionId, bo, PRESENT, null, TEACHER_MARK), eventId(), 7L); // delivered late

        ObjectId inClass = new ObjectId(classId);
        assertThat(heads.find().into(new ArrayList<>()))
                .containsExactly(new Document("_id", inClass).append("position", 9L));
        assertThat(positions.find().into(new ArrayList<>())).containsExactlyInAnyOrder(
                list(AuditTrailProjection.studentStream(inClass, new ObjectId(ada), 0), "studentId", ada, "4", "9"),
                list(AuditTrailProjection.studentStream(inClass, new ObjectId(bo), 0), "studentId", bo, "7"),
                list(AuditTrailProjection.sessionStream(inClass, new ObjectId(sessionId), 0), "sessionId", sessionId,
                        "4", "7"),
                list(AuditTrailProjection.sessionStream(inClass, new ObjectId(otherSession), 0), "sessionId",
                        otherSession, "9"));
    }

    @Test
    void positionListsAreBucketedSoNoListingDocumentGrowsPastABucket() {
        ObjectId inClass = new ObjectId(classId);
        long last = AuditTrailProjection.BUCKET * 2L + 5;
        for (long position = 1; position <= last; position++) {
            projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId(), position);
        }

        List<Document> lists = positions.find().into(new ArrayList<>());
        assertThat(lists).hasSize(6); // the student's and the session's, in three buckets each
        assertThat(lists).allSatisfy(list ->
                assertThat(list.get("positions", Document.class)).hasSizeLessThanOrEqualTo(AuditTrailProjection.BUCKET));
        assertThat(positions.find(new Document("_id", AuditTrailProjection.sessionStream(inClass,
                new ObjectId(sessionId), 2))).first().get("positions", Document.class).keySet())
                .containsExactlyInAnyOrder(java.util.stream.LongStream.rangeClosed(AuditTrailProjection.BUCKET * 2L, last)
                        .mapToObj(Long::toString).toArray(String[]::new));
    }

    @Test
    void reapplyingAnInOrderSuffixOfTheHistoryLeavesTheSameDocuments() {
        List<Runnable> history = new ArrayList<>();
        for (long position = 2; position <= 8; position++) {
            AttendanceMarked marked = mark(position % 3 == 0 ? id() : sessionId, position % 2 == 0 ? ada : bo,
                    PRESENT, null, TEACHER_MARK);
            String eventId = eventId();
            long at = position;
            history.add(() -> projection.on(marked, eventId, at));
        }
        history.forEach(Runnable::run);
        List<Document> expected = everything();

        for (int from = history.size() - 1; from >= 0; from--) {
            history.subList(from, history.size()).forEach(Runnable::run);
            assertThat(everything()).as("re-applied from event %d", from).isEqualTo(expected);
        }
    }

    @Test
    void aClassesEntriesAndListsSortByPositionSoEachGoesInBesideTheOneBefore() {
        String otherClass = id();
        for (long position = 1; position <= 300; position++) {
            projection.on(mark(sessionId, position % 2 == 0 ? ada : bo, PRESENT, null, TEACHER_MARK), eventId(),
                    position);
            projection.on(new AttendanceMarked(otherClass, id(), id(), PRESENT, null, teacherId, MARKED,
                    TEACHER_MARK), eventId(), position);
        }

        List<Document> entries = all(); // in key order
        assertThat(entries).hasSize(600);
        List<Long> positionsInClass = entries.stream()
                .filter(entry -> entry.getObjectId("classId").equals(new ObjectId(classId)))
                .map(entry -> entry.getLong("position")).toList();
        assertThat(positionsInClass).hasSize(300).isSorted();
        List<ObjectId> classes = entries.stream().map(entry -> entry.getObjectId("classId")).toList();
        assertThat(classes.lastIndexOf(new ObjectId(classId)) - classes.indexOf(new ObjectId(classId)))
                .as("the class's entries are one run of keys, not spread among the other class's").isEqualTo(299);
        assertThat(AuditTrailProjection.studentStream(new ObjectId(classId), new ObjectId(ada), 1))
                .isGreaterThan(AuditTrailProjection.studentStream(new ObjectId(classId), new ObjectId(ada), 0));
        assertThat(positions.countDocuments(new Document("_id",
                AuditTrailProjection.studentStream(new ObjectId(classId), new ObjectId(ada), 1)))).isEqualTo(1);
    }

    private Document stored(String eventId, long position, String studentId, String status, String previous,
                            String origin) {
        return new Document("_id", entryId(position))
                .append("eventId", eventId)
                .append("position", position)
                .append("classId", new ObjectId(classId))
                .append("sessionId", new ObjectId(sessionId))
                .append("studentId", new ObjectId(studentId))
                .append("status", status)
                .append("previousStatus", previous)
                .append("markedBy", new ObjectId(teacherId))
                .append("markedAt", Date.from(MARKED))
                .append("origin", origin);
    }

    private Document list(ObjectId id, String field, String value, String... listed) {
        Document positions = new Document();
        for (String position : listed) {
            positions.append(position, true);
        }
        return new Document("_id", id).append("classId", new ObjectId(classId)).append(field, new ObjectId(value))
                .append("positions", positions);
    }

    private AuditPage page(String studentId, String inSession, int limit, String cursor) {
        return projection.handle(new FetchAuditTrail(classId, studentId, inSession, limit, cursor));
    }

    private AttendanceMarked mark(String session, String student, AttendanceStatus status, AttendanceStatus previous,
                                  MarkOrigin origin) {
        return new AttendanceMarked(classId, session, student, status, previous, teacherId, MARKED, origin);
    }

    private List<Document> all() {
        return audit.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** Everything the projection stored: entries, heads, then position lists. */
    private List<Document> everything() {
        List<Document> stored = all();
        heads.find().sort(Sorts.ascending("_id")).into(stored);
        positions.find().sort(Sorts.ascending("_id")).into(stored);
        return stored;
    }

    private ObjectId entryId(long position) {
        return AuditTrailProjection.entryId(new ObjectId(classId), position);
    }

    private static String eventId() {
        return UUID.randomUUID().toString();
    }

    private static String id() {
        return new ObjectId().toHexString();
    }
}
