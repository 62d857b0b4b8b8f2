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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
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

import static io.rollcall.api.user.Role.STUDENT;
import static io.rollcall.api.user.Role.TEACHER;
import static io.rollcall.app.web.ClassLookup.ID_PARAMETER;
import static io.rollcall.app.web.ClassLookup.OWNER_ONLY;
import static io.rollcall.app.web.ContractError.CLASS_NOT_FOUND;
import static io.rollcall.app.web.ContractError.NOT_CLASS_TEACHER;
import static io.rollcall.app.web.ContractError.NOT_ENROLLED;
import static io.rollcall.app.web.ContractError.SESSION_NOT_FOUND;

/**
 * Attendance history (ext): a class's sessions and one session's statuses for its owning teacher; a student's
 * own status in every finalized session; the class's attendance as a spreadsheet. Same envelope, errors and
 * order of checks as the contract's routes.
 */
@SecurityRequirement(name = OpenApiConfig.TOKEN)
@RestController
public class HistoryController {

    private final QueryGateway queries;
    private final ClassLookup classes;

    public HistoryController(QueryGateway queries, ClassLookup classes) {
        this.queries = queries;
        this.classes = classes;
    }

    @Operation(tags = "history", summary = "Every session of the class, newest first", description = OWNER_ONLY
            + "Active, superseded and finalized sessions, newest first by start. Counts are of the marks made; for "
            + "a finalized session they include DONE's automatic absences.")
    @ApiResponse(responseCode = "200",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = SessionSummary.class))))
    @Refusals(role = TEACHER, value = {CLASS_NOT_FOUND, NOT_CLASS_TEACHER})
    @GetMapping("/class/{id}/sessions")
    Envelope sessions(@AuthenticationPrincipal Caller caller, @Parameter(description = ID_PARAMETER)
                      @PathVariable String id) {
        requireOwner(caller, id);
        List<SessionRecord> sessions = queries.query(new FindClassSessions(id),
                ResponseTypes.multipleInstancesOf(SessionRecord.class)).join();
        return Envelope.ok(sessions.stream().map(SessionSummary::of).toList());
    }

    @Operation(tags = "history", summary = "One session with the status of every student it recorded",
            description = OWNER_ONLY + "The session's fields as in the list, plus `students`: every student with a "
                    + "mark in the session (for a finalized session, every student enrolled when it ended), by name "
                    + "then id. A session that is not one of this class's: \"Session not found\", checked after the "
                    + "class and its owner.")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SessionWithMarks.class)))
    @Refusals(role = TEACHER, value = {CLASS_NOT_FOUND, NOT_CLASS_TEACHER, SESSION_NOT_FOUND})
    @GetMapping("/class/{id}/sessions/{sessionId}")
    Envelope session(@AuthenticationPrincipal Caller caller, @Parameter(description = ID_PARAMETER)
                     @PathVariable String id,
                     @Parameter(description = "The session id; one that is not a session of this class (or not an "
                             + "id at all) is \"Session not found\".") @PathVariable String sessionId) {
        requireOwner(caller, id);
        SessionDetail detail = queries.query(new FindSessionDetail(id, sessionId),
                ResponseTypes.optionalInstanceOf(SessionDetail.class)).join()
                .orElseThrow(ContractError.SESSION_NOT_FOUND::exception);
        return Envelope.ok(new SessionWithMarks(SessionSummary.of(detail.session()),
                detail.students().stream().map(RecordedMark::of).toList()));
    }

    @Operation(tags = "attendance", summary = "The caller's status in every finalized session",
            description = "Students enrolled in the class (a teacher: \"Forbidden, student access required\"; a "
                    + "student who is not enrolled: \"Forbidden, not enrolled in class\"). One entry per finalized "
                    + "session that recorded the caller, newest first; empty before the first. `my-attendance` "
                    + "keeps answering from the latest one only.")
    @ApiResponse(responseCode = "200",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = PastAttendance.class))))
    @Refusals(role = STUDENT, value = {CLASS_NOT_FOUND, NOT_ENROLLED})
    @GetMapping("/class/{id}/my-attendance/history")
    Envelope myHistory(@AuthenticationPrincipal Caller caller, @Parameter(description = ID_PARAMETER)
                       @PathVariable String id) {
        classes.requireEnrolled(id, caller.userId());
        List<AttendanceHistoryEntry> entries = queries.query(new FindAttendanceHistory(id, caller.userId()),
                ResponseTypes.multipleInstancesOf(AttendanceHistoryEntry.class)).join();
        return Envelope.ok(entries.stream().map(PastAttendance::of).toList());
    }

    @Operation(tags = "history", summary = "The class's finalized attendance as a spreadsheet (CSV)",
            description = OWNER_ONLY + "The success is the file itself, `text/csv; charset=UTF-8`, not the "
                    + "envelope; every error is the usual JSON envelope. RFC 4180: CRLF line ends; a field holding a "
                    + "comma, a quote or a line break is quoted, quotes doubled. Header `studentId,name,email`, the "
                    + "`finalizedAt` of each finalized session (oldest first), `attendanceRate`. One row per "
                    + "enrolled student, in enrolment order; a cell is `present`, `absent`, or empty where the "
                    + "session did not record the student (enrolled later); `attendanceRate` is present / sessions "
                    + "that recorded the student, two decimals, empty if none did. A name or email starting with "
                    + "`=`, `+`, `-` or `@` gets a leading `'` so spreadsheets do not run it as a formula.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv", schema = @Schema(type = "string",
            description = "RFC 4180 CSV: a header line, then one line per enrolled student (see the route)",
            pattern = AttendanceCsv.PATTERN, example = AttendanceCsv.EXAMPLE)),
            headers = @Header(name = HttpHeaders.CONTENT_DISPOSITION, required = true,
                    description = "The file name carries the class id as written in the path",
                    schema = @Schema(type = "string",
                            pattern = "^attachment; filename=\"attendance-[0-9a-fA-F]{24}\\.csv\"$",
                            example = "attachment; filename=\"attendance-" + Bodies.CLASS_ID + ".csv\"")))
    @Refusals(role = TEACHER, value = {CLASS_NOT_FOUND, NOT_CLASS_TEACHER})
    @GetMapping("/class/{id}/attendance.csv")
    ResponseEntity<String> spreadsheet(@AuthenticationPrincipal Caller caller, @Parameter(description = ID_PARAMETER)
                                       @PathVariable String id) {
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
