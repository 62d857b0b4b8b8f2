package io.rollcall.query;

import io.rollcall.api.history.AttendanceHistoryEntry;
import io.rollcall.api.history.AttendanceSheet;
import io.rollcall.api.history.FetchAttendanceSheet;
import io.rollcall.api.history.FindAttendanceHistory;
import io.rollcall.api.history.FindClassSessions;
import io.rollcall.api.history.FindSessionDetail;
import io.rollcall.api.history.SessionDetail;
import io.rollcall.api.history.SessionRecord;
import io.rollcall.api.history.StudentMark;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What the history queries answer, and in which order, from the per-class lists and the keyed documents. */
class SessionHistoryQueriesTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private ClassHistory.ReadSide views;
    private ClassHistory art;
    private String ada;
    private String bo;
    private String cy;
    private String first;
    private String superseded;
    private String second;
    private String active;

    @BeforeEach
    void aClassWhereCyEnrolsLate() {
        views = new ClassHistory.ReadSide(mongo.freshDatabase());
        ClassHistory other = new ClassHistory(views, Instant.parse("2025-03-03T07:00:00Z"));
        art = new ClassHistory(views, Instant.parse("2025-03-03T08:00:00Z"));
        bo = art.enrol("Bo");
        ada = art.enrol("Ada");
        first = art.start();
        art.mark(ada, PRESENT);
        art.finalizeSession(); // bo absent
        superseded = art.start();
        art.mark(bo, PRESENT);
        cy = art.enrol("Cy");
        second = art.start();
        art.mark(ada, PRESENT);
        art.mark(ada, ABSENT);
        art.mark(bo, PRESENT);
        art.finalizeSession(); // cy absent
        active = art.start();
        art.mark(cy, PRESENT);
        // another class's history, interleaved with this one's
        other.enrol("Other");
        other.start();
        other.finalizeSession();
    }

    @Test
    void theClassesSessionsComeNewestFirstWithStateAndCounts() {
        List<SessionRecord> sessions = views.history.handle(new FindClassSessions(art.classId));

        assertThat(sessions).extracting(SessionRecord::sessionId).containsExactly(active, second, superseded, first);
        assertThat(sessions).extracting(SessionRecord::state)
                .containsExactly("active", "finalized", "superseded", "finalized");
        assertThat(sessions).extracting(SessionRecord::present).containsExactly(1, 1, 1, 1);
        assertThat(sessions).extracting(SessionRecord::absent).containsExactly(0, 2, 0, 1);
        assertThat(sessions.get(2).supersededBy()).isEqualTo(second);
        assertThat(sessions.get(0).endedAt()).isNull();
        assertThat(views.history.handle(new FindClassSessions(art.classId.toUpperCase()))).isEqualTo(sessions);
        assertThat(views.history.handle(new FindClassSessions("nope"))).isEmpty();
    }

    @Test
    void aSessionsDetailNamesEveryMarkedStudentByNameAndBelongsToItsClassOnly() {
        SessionDetail detail = views.history.handle(new FindSessionDetail(art.classId, second)).orElseThrow();

        assertThat(detail.session().sessionId()).isEqualTo(second);
        assertThat(detail.students()).containsExactly(new StudentMark(ada, "Ada", ABSENT),
                new StudentMark(bo, "Bo", PRESENT), new StudentMark(cy, "Cy", ABSENT));
        assertThat(views.history.handle(new FindSessionDetail(new ObjectId().toHexString(), second))).isEmpty();
        assertThat(views.history.handle(new FindSessionDetail(art.classId, new ObjectId().toHexString()))).isEmpty();
        assertThat(views.history.handle(new FindSessionDetail(art.classId, "nope"))).isEmpty();
    }

    @Test
    void aStudentsHistoryIsTheirFinalStatusInEachFinalizedSessionNewestFirst() {
        assertThat(views.history.handle(new FindAttendanceHistory(art.classId, ada)))
                .extracting(AttendanceHistoryEntry::sessionId, AttendanceHistoryEntry::status)
                .containsExactly(tuple(second, ABSENT),
                        tuple(first, PRESENT));
        assertThat(views.history.handle(new FindAttendanceHistory(art.classId, cy)))
                .extracting(AttendanceHistoryEntry::sessionId).as("enrolled after the first").containsExactly(second);
        assertThat(views.history.handle(new FindAttendanceHistory(art.classId, new ObjectId().toHexString()))).isEmpty();
        assertThat(views.history.handle(new FindAttendanceHistory("nope", ada))).isEmpty();
    }

    @Test
    void theSheetHasAColumnPerFinalizedSessionInOrderAndARowPerEnrolledStudent() {
        AttendanceSheet sheet = views.history.handle(new FetchAttendanceSheet(art.classId));

        assertThat(sheet.sessions()).extracting(AttendanceSheet.Column::sessionId).containsExactly(first, second);
        assertThat(sheet.students()).extracting(AttendanceSheet.Row::studentId).containsExactly(bo, ada, cy);
        assertThat(sheet.students().get(0).name()).isEqualTo("Bo");
        assertThat(sheet.students()).extracting(AttendanceSheet.Row::statuses).containsExactly(
                List.of(ABSENT, PRESENT), List.of(PRESENT, ABSENT), Arrays.asList(null, ABSENT));
        assertThat(views.history.handle(new FetchAttendanceSheet(new ObjectId().toHexString())))
                .isEqualTo(new AttendanceSheet(List.of(), List.of()));
    }
}
