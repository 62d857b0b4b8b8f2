package io.rollcall.app.web;

import io.rollcall.app.envelope.Envelope;
import io.rollcall.api.history.AttendanceHistoryEntry;
import io.rollcall.api.history.AttendanceSheet;
import io.rollcall.api.history.FetchAttendanceSheet;
import io.rollcall.api.history.FindAttendanceHistory;
import io.rollcall.api.history.FindClassSessions;
import io.rollcall.api.history.FindSessionDetail;
import io.rollcall.api.history.SessionDetail;
import io.rollcall.api.history.SessionRecord;
import io.rollcall.app.security.Caller;
import io.rollcall.app.web.HistoryBodies.PastAttendance;
import io.rollcall.app.web.HistoryBodies.RecordedMark;
import io.rollcall.app.web.HistoryBodies.SessionSummary;
import io.rollcall.app.web.HistoryBodies.SessionWithMarks;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Attendance history (ext): a class's sessions and one session's statuses for its owning teacher; a student's
 * own status in every finalized session; the class's attendance as a spreadsheet. Same envelope, errors and order of checks as the contract's routes.
 */
@RestController
public class HistoryController {

    private final QueryGateway queries;
    private final ClassLookup classes;

    public HistoryController(QueryGateway queries, ClassLookup classes) {
        this.queries = queries;
        this.classes = classes;
    }

    @GetMapping("/class/{id}/sessions")
    Envelope sessions(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        requireOwner(caller, id);
        List<SessionRecord> sessions = queries.query(new FindClassSessions(id),
                ResponseTypes.multipleInstancesOf(SessionRecord.class)).join();
        return Envelope.ok(sessions.stream().map(SessionSummary::of).toList());
    }

    @GetMapping("/class/{id}/sessions/{sessionId}")
    Envelope session(@AuthenticationPrincipal Caller caller, @PathVariable String id, @PathVariable String sessionId) {
        requireOwner(caller, id);
        SessionDetail detail = queries.query(new FindSessionDetail(id, sessionId),
                ResponseTypes.optionalInstanceOf(SessionDetail.class)).join()
                .orElseThrow(ContractError.SESSION_NOT_FOUND::exception);
        return Envelope.ok(new SessionWithMarks(SessionSummary.of(detail.session()),
                detail.students().stream().map(RecordedMark::of).toList()));
    }

    @GetMapping("/class/{id}/my-attendance/history")
    Envelope myHistory(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        classes.requireEnrolled(id, caller.userId());
        List<AttendanceHistoryEntry> entries = queries.query(new FindAttendanceHistory(id, caller.userId()),
                ResponseTypes.multipleInstancesOf(AttendanceHistoryEntry.class)).join();
        return Envelope.ok(entries.stream().map(PastAttendance::of).toList());
    }

    @GetMapping("/class/{id}/attendance.csv")
    ResponseEntity<String> spreadsheet(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        String classId = classes.requireOwnedBy(id, caller.userId()).classId(); // canonical, lower case
        AttendanceSheet sheet = queries.query(new FetchAttendanceSheet(classId),
                ResponseTypes.instanceOf(AttendanceSheet.class)).join();
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"attendance-" + classId + ".csv\"")
                .body(AttendanceCsv.write(sheet));
    }

    private void requireOwner(Caller caller, String classId) {
        classes.requireOwnedBy(classId, caller.userId());
    }
}
