package io.rollcall.query;

import io.rollcall.api.analytics.FetchClassAnalytics;
import io.rollcall.api.audit.AuditPage;
import io.rollcall.api.audit.FetchAuditTrail;
import io.rollcall.api.history.FetchAttendanceSheet;
import io.rollcall.api.history.FindAttendanceHistory;
import io.rollcall.api.history.FindClassSessions;
import io.rollcall.api.history.FindSessionDetail;
import io.rollcall.api.session.FetchMyAttendance;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every history query is answered by key lookups only: each command it sends is a {@code find} whose filter is
 * {@code _id} alone, by equality or {@code $in} of ids, without a sort. That is the one query the embedded server
 * answers from an index (any other filter scans the collection), and it lets a real MongoDB answer from the
 * {@code _id} index. And what a query reads does not change when other classes' histories grow.
 */
class KeyLookupReadsTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private ClassHistory.ReadSide views;
    private ClassHistory art;
    private String ada;
    private String bo;
    private String firstSession;

    @BeforeEach
    void aClassWithFinalizedSupersededAndActiveSessions() {
        views = new ClassHistory.ReadSide(mongo.freshDatabase());
        art = history(Instant.parse("2025-03-03T08:00:00Z"));
        ada = art.students.get(0);
        bo = art.students.get(1);
        firstSession = art.finalized.get(0);
    }

    /** Two students, a finalized session, a superseded one, a second finalized one, and an active one. */
    private ClassHistory history(Instant from) {
        ClassHistory history = new ClassHistory(views, from);
        String a = history.enrol("Ada");
        String b = history.enrol("Bo");
        history.start();
        history.mark(a, PRESENT);
        history.finalizeSession();
        history.start();
        history.mark(b, PRESENT);
        history.start();
        history.mark(a, ABSENT);
        history.mark(a, PRESENT);
        history.finalizeSession();
        history.start();
        history.mark(b, ABSENT);
        return history;
    }

    @Test
    void auditPagesWithAndWithoutFiltersAndCursors() {
        AuditPage newest = byKeysOnly(() -> views.audit.handle(new FetchAuditTrail(art.classId, null, null, 2, null)));
        assertThat(newest.entries()).hasSize(2);
        assertThat(byKeysOnly(() -> views.audit.handle(
                new FetchAuditTrail(art.classId, null, null, 2, newest.nextCursor()))).entries()).hasSize(2);
        assertThat(byKeysOnly(() -> views.audit.handle(
                new FetchAuditTrail(art.classId, ada, null, 10, null))).entries()).hasSize(3);
        assertThat(byKeysOnly(() -> views.audit.handle(
                new FetchAuditTrail(art.classId, null, firstSession, 10, null))).entries()).hasSize(2);
        assertThat(byKeysOnly(() -> views.audit.handle(
                new FetchAuditTrail(art.classId, bo, firstSession, 1, newest.nextCursor()))).entries()).hasSize(1);
    }

    @Test
    void theAttendanceSheet() {
        assertThat(byKeysOnly(() -> views.history.handle(new FetchAttendanceSheet(art.classId))).students())
                .hasSize(2);
    }

    @Test
    void aStudentsHistory() {
        assertThat(byKeysOnly(() -> views.history.handle(new FindAttendanceHistory(art.classId, ada)))).hasSize(2);
    }

    @Test
    void theClassesSessions() {
        assertThat(byKeysOnly(() -> views.history.handle(new FindClassSessions(art.classId)))).hasSize(4);
    }

    @Test
    void oneSessionsDetail() {
        assertThat(byKeysOnly(() -> views.history.handle(new FindSessionDetail(art.classId, firstSession))))
                .isPresent();
        assertThat(byKeysOnly(() -> views.history.handle(new FindSessionDetail(ObjectIds.derived("x").toHexString(),
                firstSession)))).as("another class's session").isEmpty();
    }

    @Test
    void theClassesAnalytics() {
        assertThat(byKeysOnly(() -> views.analytics.handle(new FetchClassAnalytics(art.classId, null)))
                .finalizedSessions()).isEqualTo(2);
    }

    @Test
    void myAttendance() {
        assertThat(byKeysOnly(() -> views.attendance.handle(new FetchMyAttendance(art.classId, ada)))).contains(PRESENT);
    }

    @Test
    void otherClassesHistoriesChangeNothingAQueryReads() {
        Map<String, Supplier<?>> queries = new LinkedHashMap<>();
        queries.put("audit", () -> views.audit.handle(new FetchAuditTrail(art.classId, null, null, 50, null)));
        queries.put("audit of a student", () -> views.audit.handle(new FetchAuditTrail(art.classId, ada, null, 50, null)));
        queries.put("sheet", () -> views.history.handle(new FetchAttendanceSheet(art.classId)));
        queries.put("history", () -> views.history.handle(new FindAttendanceHistory(art.classId, ada)));
        queries.put("sessions", () -> views.history.handle(new FindClassSessions(art.classId)));
        queries.put("detail", () -> views.history.handle(new FindSessionDetail(art.classId, firstSession)));
        queries.put("analytics", () -> views.analytics.handle(new FetchClassAnalytics(art.classId, null)));
        Map<String, List<Object>> before = new LinkedHashMap<>();
        queries.forEach((name, query) -> before.put(name, reads(query)));

        for (int i = 0; i < 20; i++) {
            history(Instant.parse("2025-03-03T08:00:00Z").plusSeconds(3_600L * i));
        }

        queries.forEach((name, query) -> assertThat(reads(query)).as(name).isEqualTo(before.get(name)));
    }

    /** The answer, the number of commands and the number of documents they returned. */
    private static List<Object> reads(Supplier<?> query) {
        CommandLog log = mongo.commands();
        log.clear();
        Object answer = query.get();
        return List.of(answer, log.commands().size(), log.documentsReturned());
    }

    private static <T> T byKeysOnly(Supplier<T> query) {
        CommandLog log = mongo.commands();
        log.clear();
        T answer = query.get();
        List<BsonDocument> commands = log.commands();
        assertThat(commands).as("the query reads something").isNotEmpty();
        for (BsonDocument command : commands) {
            assertThat(command.getFirstKey()).as(command.toJson()).isIn("find", "getMore");
            if (command.getFirstKey().equals("find")) {
                BsonDocument filter = command.getDocument("filter", new BsonDocument());
                assertThat(filter.keySet()).as(command.toJson()).containsExactly("_id");
                assertThat(isKey(filter.get("_id"))).as(command.toJson()).isTrue();
                assertThat(command.containsKey("sort")).as(command.toJson()).isFalse();
            }
        }
        return answer;
    }

    /** An id, or {@code {$in: [ids]}}. */
    private static boolean isKey(BsonValue value) {
        if (value.isObjectId()) {
            return true;
        }
        return value.isDocument() && value.asDocument().keySet().equals(Set.of("$in"))
                && value.asDocument().getArray("$in").stream().allMatch(BsonValue::isObjectId);
    }
}
