package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.rollcall.api.audit.AuditCursor;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static io.rollcall.api.session.MarkOrigin.AUTO_ABSENT_AT_FINALIZE;
import static io.rollcall.api.session.MarkOrigin.TEACHER_MARK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the audit trail: newest first, paged by cursor, filtered, over gaps, at a cost that follows the page. */
class AuditPagesTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final Instant MARKED = Instant.parse("2025-02-03T09:05:00.042Z");

    private final String classId = id();
    private final String sessionId = id();
    private final String teacherId = id();
    private final String ada = id();
    private final String bo = id();
    private MongoCollection<Document> audit;
    private AuditTrailProjection projection;

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        audit = database.getCollection(ReadCollections.AUDIT);
        projection = new AuditTrailProjection(database, new ProjectionWriter());
    }

    @Test
    void pagesRunNewestFirstAndTheCursorContinuesWhereThePageEnded() {
        Map<Long, String> ids = new LinkedHashMap<>();
        for (long position = 1; position <= 5; position++) {
            String eventId = eventId();
            projection.on(mark(sessionId, position % 2 == 0 ? ada : bo, PRESENT, null, TEACHER_MARK), eventId,
                    position);
            ids.put(position, entryId(position).toHexString());
        }
        projection.on(markInClass(id(), id(), id(), PRESENT), eventId(), 6L); // another class's history

        AuditPage first = page(null, null, 2, null);
        assertThat(first.entries()).extracting(AuditEntry::entryId).containsExactly(ids.get(5L), ids.get(4L));
        assertThat(first.nextCursor()).isEqualTo(new AuditCursor(4).encode());

        AuditPage second = page(null, null, 2, first.nextCursor());
        assertThat(second.entries()).extracting(AuditEntry::entryId).containsExactly(ids.get(3L), ids.get(2L));
        assertThat(second.nextCursor()).isEqualTo(new AuditCursor(2).encode());

        AuditPage last = page(null, null, 2, second.nextCursor());
        assertThat(last.entries()).extracting(AuditEntry::entryId).containsExactly(ids.get(1L));
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void aPageThatHoldsTheRestExactlyHasNoCursor() {
        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId(), 1L);
        projection.on(mark(sessionId, bo, PRESENT, null, TEACHER_MARK), eventId(), 2L);

        assertThat(page(null, null, 2, null).nextCursor()).isNull();
        assertThat(page(null, null, 1, null).nextCursor()).isEqualTo(new AuditCursor(2).encode());
    }

    @Test
    void entriesReadBackEveryStoredField() {
        String eventId = eventId();
        projection.on(mark(sessionId, ada, ABSENT, PRESENT, TEACHER_MARK), eventId, 3L);

        assertThat(page(null, null, 10, null).entries()).containsExactly(new AuditEntry(
                entryId(3L).toHexString(), classId, sessionId, ada, ABSENT, PRESENT,
                teacherId, MARKED, TEACHER_MARK));
    }

    @Test
    void filtersByStudentBySessionOrBothAndPagesWithin() {
        String otherSession = id();
        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId(), 1L);
        projection.on(mark(sessionId, bo, PRESENT, null, TEACHER_MARK), eventId(), 2L);
        projection.on(mark(otherSession, ada, ABSENT, null, TEACHER_MARK), eventId(), 3L);
        projection.on(mark(otherSession, bo, ABSENT, null, AUTO_ABSENT_AT_FINALIZE), eventId(), 4L);
        projection.on(mark(otherSession, ada, PRESENT, ABSENT, TEACHER_MARK), eventId(), 5L);

        assertThat(positions(page(ada, null, 10, null))).containsExactly(5L, 3L, 1L);
        assertThat(positions(page(null, otherSession, 10, null))).containsExactly(5L, 4L, 3L);
        assertThat(positions(page(ada, otherSession, 10, null))).containsExactly(5L, 3L);

        AuditPage adaFirst = page(ada, null, 2, null);
        assertThat(positions(adaFirst)).containsExactly(5L, 3L);
        assertThat(positions(page(ada, null, 2, adaFirst.nextCursor()))).containsExactly(1L);
    }

    @Test
    void malformedOrUnknownIdsMatchNothing() {
        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId(), 1L);

        assertThat(page(null, null, 10, null).entries()).hasSize(1);
        assertThat(projection.handle(new FetchAuditTrail("nope", null, null, 10, null)))
                .isEqualTo(new AuditPage(List.of(), null));
        assertThat(projection.handle(new FetchAuditTrail(id(), null, null, 10, null)).entries()).isEmpty();
        assertThat(page("nope", null, 10, null).entries()).isEmpty();
        assertThat(page(null, "nope", 10, null).entries()).isEmpty();
        assertThat(page(id(), null, 10, null).entries()).isEmpty();
    }

    @Test
    void positionsWithoutAMarkAreSteppedOverHoweverLongTheGap() {
        // the class's other events (sessions, enrolments) take positions that have no entry
        projection.on(mark(sessionId, ada, PRESENT, null, TEACHER_MARK), eventId(), 3L);
        projection.on(mark(sessionId, bo, ABSENT, null, TEACHER_MARK), eventId(), 5L);
        projection.on(mark(sessionId, ada, ABSENT, PRESENT, TEACHER_MARK), eventId(), 5_000L);

        AuditPage first = page(null, null, 2, null);
        assertThat(positions(first)).containsExactly(5_000L, 5L);
        assertThat(positions(page(null, null, 2, first.nextCursor()))).containsExactly(3L);
        assertThat(positions(page(null, null, 10, new AuditCursor(5_000).encode()))).containsExactly(5L, 3L);
        assertThat(page(null, null, 10, new AuditCursor(3).encode())).isEqualTo(new AuditPage(List.of(), null));
    }

    @Test
    void aPageReadsAboutAsManyEntriesAsItShowsHoweverLongTheClassesHistory() {
        for (long position = 1; position <= 600; position++) {
            projection.on(mark(sessionId, position % 3 == 0 ? bo : ada, PRESENT, null, TEACHER_MARK), eventId(),
                    position);
        }
        CommandLog commands = mongo.commands();

        commands.clear();
        AuditPage newest = page(null, null, 10, null);
        assertThat(newest.entries()).hasSize(10);
        assertThat(commands.documentsReturned()).as("head and entries").isLessThanOrEqualTo(1 + 2 * 11);

        commands.clear();
        AuditPage bos = page(bo, null, 10, new AuditCursor(300).encode());
        assertThat(positions(bos)).startsWith(297L, 294L).hasSize(10);
        commands.clear();
        page(bo, null, 10, new AuditCursor(300).encode());
        assertThat(commands.documentsReturned())
                .as("the class's head, the student's list in the two buckets below the cursor, the page's entries")
                .isEqualTo(1 + 2 + 11);
    }

    @Test
    void aPageOfNoEntriesCannotBeAskedFor() {
        // the edge refuses such a limit; the query refuses it too rather than failing inside the handler
        assertThatThrownBy(() -> new FetchAuditTrail(classId, null, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private AuditPage page(String studentId, String inSession, int limit, String cursor) {
        return projection.handle(new FetchAuditTrail(classId, studentId, inSession, limit, cursor));
    }

    /** Positions of a page's entries, read back from the stored documents. */
    private List<Long> positions(AuditPage page) {
        return page.entries().stream()
                .map(e -> audit.find(new Document("_id", new ObjectId(e.entryId()))).first().getLong("position"))
                .toList();
    }


    private AttendanceMarked mark(String session, String student, AttendanceStatus status, AttendanceStatus previous,
                                  MarkOrigin origin) {
        return new AttendanceMarked(classId, session, student, status, previous, teacherId, MARKED, origin);
    }

    private AttendanceMarked markInClass(String inClass, String session, String student, AttendanceStatus status) {
        return new AttendanceMarked(inClass, session, student, status, null, teacherId, MARKED, TEACHER_MARK);
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
