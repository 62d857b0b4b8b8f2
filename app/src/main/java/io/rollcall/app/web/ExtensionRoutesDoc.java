package io.rollcall.app.web;

import io.rollcall.app.web.OpenApiConfig.Download;
import io.rollcall.app.web.OpenApiConfig.Failure;
import io.rollcall.app.web.OpenApiConfig.Param;
import io.rollcall.app.web.OpenApiConfig.Route;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springframework.http.HttpStatus;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.rollcall.app.web.OpenApiConfig.CLASS_ID;
import static io.rollcall.app.web.OpenApiConfig.INVALID_SCHEMA;
import static io.rollcall.app.web.OpenApiConfig.SESSION_ID;
import static io.rollcall.app.web.OpenApiConfig.STUDENT_ID;
import static io.rollcall.app.web.OpenApiConfig.STUDENT_ONLY;
import static io.rollcall.app.web.OpenApiConfig.TEACHER_ID;
import static io.rollcall.app.web.OpenApiConfig.TEACHER_ONLY;
import static io.rollcall.app.web.OpenApiConfig.UNAUTHORIZED;
import static io.rollcall.app.web.OpenApiConfig.id;
import static io.rollcall.app.web.OpenApiConfig.object;
import static io.rollcall.app.web.OpenApiConfig.ordered;

/**
 * The routes Rollcall adds beyond the contract (history, audit, analytics), documented the way
 * {@link OpenApiConfig} documents the contract's: who may call, query parameters with the limits the controllers
 * enforce, the payload, and every error in the order the checks run (401, role 403, 400 parameters, class 404,
 * ownership or enrolment 403, then the route's own). Kept apart so each file stays readable.
 */
final class ExtensionRoutesDoc {

    private ExtensionRoutesDoc() {
    }

    private static final Failure CLASS_NOT_FOUND = Failure.of(ContractError.CLASS_NOT_FOUND);
    private static final Failure NOT_CLASS_TEACHER = Failure.of(ContractError.NOT_CLASS_TEACHER);
    private static final Failure NOT_ENROLLED = Failure.of(ContractError.NOT_ENROLLED);
    private static final Failure SESSION_NOT_FOUND = Failure.of(ContractError.SESSION_NOT_FOUND);

    /** Every owner-only route answers these, in this order (SecurityConfig, then ClassLookup.requireOwnedBy). */
    private static final List<Failure> OWNER_ONLY = List.of(UNAUTHORIZED, TEACHER_ONLY, CLASS_NOT_FOUND,
            NOT_CLASS_TEACHER);
    private static final String OWNER = "Only the teacher who owns the class (a student: \"Forbidden, teacher "
            + "access required\"; another teacher: \"Forbidden, not class teacher\"). ";

    private static final String TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$";
    private static final String CSV_FIELD = "(\"([^\"]|\"\")*\"|[^\",\\r\\n]*)";

    // ---- example values: one class (Math 101) with Sam, and Jo enrolled later; three sessions ----
    private static final String JO_ID = "6b0a46fca4323906d82bbe4a";
    private static final String FIRST_SESSION_ID = "6b0a46fea4323906d82bbe4c"; // finalized a week earlier
    private static final String SUPERSEDED_ID = "6b0a46fea4323906d82bbe4d"; // replaced by SESSION_ID

    static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.GET, List.of("/classes"), "classes", "The caller's classes",
                    "Any user. A teacher's: the classes they created; a student's: the classes they are enrolled "
                            + "in. The most recently created or joined first; empty before the first.",
                    true, null, HttpStatus.OK, "SchoolClasses", List.of(
                    ordered("_id", CLASS_ID, "className", "Math 101", "teacherId", TEACHER_ID,
                            "studentIds", List.of(STUDENT_ID, JO_ID))),
                    List.of(UNAUTHORIZED), List.of(), null),
            new Route(HttpMethod.GET, List.of("/class/{id}/sessions"), "history",
                    "Every session of the class, newest first",
                    OWNER + "Active, superseded and finalized sessions, newest first by start. Counts are of the "
                            + "marks made; for a finalized session they include DONE's automatic absences.",
                    true, null, HttpStatus.OK, "Sessions", List.of(
                    session(SESSION_ID, "finalized", "2025-03-11T10:00:00.000Z", "2025-03-11T10:40:00.000Z", null,
                            1, 1),
                    session(SUPERSEDED_ID, "superseded", "2025-03-11T09:50:00.000Z", "2025-03-11T10:00:00.000Z",
                            SESSION_ID, 1, 0),
                    session(FIRST_SESSION_ID, "finalized", "2025-03-04T10:00:00.000Z", "2025-03-04T10:40:00.000Z",
                            null, 1, 0)),
                    OWNER_ONLY, List.of(), null),
            new Route(HttpMethod.GET, List.of("/class/{id}/sessions/{sessionId}"), "history",
                    "One session with the status of every student it recorded",
                    OWNER + "The session's fields as in the list, plus `students`: every student with a mark in "
                            + "the session (for a finalized session, every student enrolled when it ended), by name "
                            + "then id. A session that is not one of this class's: \"Session not found\", checked "
                            + "after the class and its owner.",
                    true, null, HttpStatus.OK, "SessionDetail", sessionDetail(),
                    List.of(UNAUTHORIZED, TEACHER_ONLY, CLASS_NOT_FOUND, NOT_CLASS_TEACHER, SESSION_NOT_FOUND),
                    List.of(), null),
            new Route(HttpMethod.GET, List.of("/class/{id}/my-attendance/history"), "attendance",
                    "The caller's status in every finalized session",
                    "Students enrolled in the class (a teacher: \"Forbidden, student access required\"; a student "
                            + "who is not enrolled: \"Forbidden, not enrolled in class\"). One entry per finalized "
                            + "session that recorded the caller, newest first; empty before the first. "
                            + "`my-attendance` keeps answering from the latest one only.",
                    true, null, HttpStatus.OK, "AttendanceHistory", List.of(
                    ordered("sessionId", SESSION_ID, "finalizedAt", "2025-03-11T10:40:00.000Z", "status", "absent"),
                    ordered("sessionId", FIRST_SESSION_ID, "finalizedAt", "2025-03-04T10:40:00.000Z",
                            "status", "present")),
                    List.of(UNAUTHORIZED, STUDENT_ONLY, CLASS_NOT_FOUND, NOT_ENROLLED), List.of(), null),
            new Route(HttpMethod.GET, List.of("/class/{id}/attendance.csv"), "history",
                    "The class's finalized attendance as a spreadsheet (CSV)",
                    OWNER + "The success is the file itself, `text/csv; charset=UTF-8`, not the envelope; every "
                            + "error is the usual JSON envelope. RFC 4180: CRLF line ends; a field holding a comma, "
                            + "a quote or a line break is quoted, quotes doubled. Header `studentId,name,email`, "
                            + "the `finalizedAt` of each finalized session (oldest first), `attendanceRate`. One "
                            + "row per enrolled student, in enrolment order; a cell is `present`, `absent`, or empty "
                            + "where the session did not record the student (enrolled later); `attendanceRate` is "
                            + "present / sessions that recorded the student, two decimals, empty if none did. A "
                            + "name or email starting with `=`, `+`, `-` or `@` gets a leading `'` so spreadsheets "
                            + "do not run it as a formula.",
                    true, null, HttpStatus.OK, "AttendanceCsv",
                    "studentId,name,email,2025-03-04T10:40:00.000Z,2025-03-11T10:40:00.000Z,attendanceRate\r\n"
                            + STUDENT_ID + ",Sam Student,sam@school.test,present,absent,0.50\r\n"
                            + JO_ID + ",\"Lee, Jo\",jo@school.test,,present,1.00\r\n",
                    OWNER_ONLY, List.of(), new Download("text/csv", new StringSchema()
                    .pattern("^attachment; filename=\"attendance-[0-9a-fA-F]{24}\\.csv\"$")
                    .example("attachment; filename=\"attendance-" + CLASS_ID + ".csv\"")
                    .description("The file name carries the class id as written in the path"))),
            new Route(HttpMethod.GET, List.of("/class/{id}/analytics"), "analytics",
                    "Attendance rates, per-session ratios and absence streaks",
                    OWNER + "Over the class's finalized sessions. `students`: every student some finalized "
                            + "session recorded; a student's `rate` is present / the finalized sessions that "
                            + "recorded them, `currentAbsenceStreak` the absences in a row up to their most recent "
                            + "one. `sessions`: every finalized session, oldest first. `below` filters `students` "
                            + "only.",
                    true, null, HttpStatus.OK, "ClassAnalytics", analytics(),
                    List.of(UNAUTHORIZED, TEACHER_ONLY, INVALID_SCHEMA, CLASS_NOT_FOUND, NOT_CLASS_TEACHER),
                    List.of(new Param("below", "Keep only the students whose rate is strictly below this "
                            + "(0 to 1, bounds included), a plain decimal such as 0.75 or .5. Out of range or anything else "
                            + "(signs, exponents): \"Invalid request schema\".",
                            new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.ONE).example(0.75))),
                    null),
            new Route(HttpMethod.GET, List.of("/class/{id}/audit"), "audit",
                    "The audit trail: every mark of the class, newest first",
                    OWNER + "Teacher marks, corrections (re-marks of a student in one session), marks made in "
                            + "sessions later superseded, and DONE's automatic absences, in the order of the "
                            + "class's event history (exact within a millisecond), newest first. Pages of `limit` "
                            + "entries; `nextCursor` (null on the last page) asks for the next one. The parameters "
                            + "are checked after the token and role, before the class.",
                    true, null, HttpStatus.OK, "AuditPage", auditPage(),
                    List.of(UNAUTHORIZED, TEACHER_ONLY, INVALID_SCHEMA, CLASS_NOT_FOUND, NOT_CLASS_TEACHER),
                    List.of(new Param("limit", "Entries per page, in digits. Not an integer from 1 to "
                                    + AuditController.MAX_LIMIT + " (or with a sign): \"Invalid request schema\".",
                                    new IntegerSchema().minimum(BigDecimal.ONE)
                                            .maximum(BigDecimal.valueOf(AuditController.MAX_LIMIT))
                                            ._default(AuditController.DEFAULT_LIMIT)),
                            new Param("cursor", "The `nextCursor` of the previous page (opaque). A value that is not "
                                    + "of the form this server issues: \"Invalid request schema\".",
                                    new StringSchema().example("YTE6NA")),
                            new Param("studentId", "Only this student's marks; an id that names nothing gives no "
                                    + "entries. Longer than " + AuditController.MAX_FILTER_LENGTH
                                    + " characters: \"Invalid request schema\".",
                                    new StringSchema().maxLength(AuditController.MAX_FILTER_LENGTH)
                                            .example(STUDENT_ID)),
                            new Param("sessionId", "Only this session's marks; an id that names nothing gives no "
                                    + "entries. Longer than " + AuditController.MAX_FILTER_LENGTH
                                    + " characters: \"Invalid request schema\".",
                                    new StringSchema().maxLength(AuditController.MAX_FILTER_LENGTH)
                                            .example(SESSION_ID))),
                    null));

    static Map<String, Schema> schemas() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        schemas.put("SchoolClasses", new ArraySchema().items(ref("SchoolClass")));
        schemas.put("Session", object(sessionFields()));
        schemas.put("Sessions", new ArraySchema().items(ref("Session")));
        schemas.put("SessionDetail", object(concat(sessionFields(), "students", new ArraySchema().items(object(
                "_id", id("The student's id"), "name", new StringSchema(), "status", status(false))))));
        schemas.put("AttendanceHistory", new ArraySchema().items(object("sessionId", id("The finalized session"),
                "finalizedAt", timestamp("When the session was finalized (DONE)"), "status", status(false))));
        schemas.put("AttendanceCsv", new StringSchema().pattern("^studentId,name,email(," + TIMESTAMP.substring(1,
                        TIMESTAMP.length() - 1) + ")*,attendanceRate\r\n([0-9a-f]{24}," + CSV_FIELD + ","
                        + CSV_FIELD + "(,(present|absent)?)*,(\\d\\.\\d{2})?\r\n)*$")
                .description("RFC 4180 CSV: a header line, then one line per enrolled student (see the route)"));
        schemas.put("ClassAnalytics", object(
                "classId", new StringSchema().pattern("^[0-9a-fA-F]{24}$").example(CLASS_ID)
                        .description("The class id as written in the path"),
                "finalizedSessions", count("How many sessions of the class were finalized"),
                "students", new ArraySchema().items(object(
                        "studentId", id("The student's id"),
                        "recordedSessions", count("Finalized sessions that recorded the student"),
                        "present", count("Of those, the ones where the student was present"),
                        "rate", ratio("present / recordedSessions"),
                        "currentAbsenceStreak", count("Absences in a row up to the latest recorded session"))),
                "sessions", new ArraySchema().items(object(
                        "sessionId", id("The finalized session"),
                        "finalizedAt", timestamp("When the session was finalized (DONE)"),
                        "present", count("Students present"),
                        "total", count("Students recorded"),
                        "presentRatio", ratio("present / total; 0 when the session recorded nobody")))));
        StringSchema how = new StringSchema();
        how.setEnum(List.of("teacher-mark", "auto-absent-at-finalize"));
        schemas.put("AuditPage", object(
                "entries", new ArraySchema().items(object(
                        "sessionId", id("The session the mark was made in"),
                        "classId", id("The class id"),
                        "studentId", id("The student marked"),
                        "status", status(false),
                        "previousStatus", status(true).description("The student's mark in this session before "
                                + "this one; null for the first"),
                        "markedBy", id("The teacher whose session it is"),
                        "markedAt", timestamp("When the mark was made"),
                        "how", how.description("A teacher's mark, or an automatic absence of DONE"))),
                "nextCursor", new StringSchema().nullable(true).example("YTE6NA")
                        .description("Pass as `cursor` for the next page; null on the last page")));
        return schemas;
    }

    /** The fields of a session, in wire order, shared by the list and the detail. */
    private static Object[] sessionFields() {
        StringSchema state = new StringSchema();
        state.setEnum(List.of("active", "superseded", "finalized"));
        return new Object[]{
                "sessionId", id("The session id"),
                "state", state,
                "startedAt", timestamp("When the session started"),
                "endedAt", timestamp("When it was superseded or finalized; null while active").nullable(true),
                "supersededBy", id("The session that replaced it; null unless superseded").nullable(true),
                "present", count("Students marked present"),
                "absent", count("Students marked absent"),
                "total", count("present + absent")};
    }

    private static Object[] concat(Object[] fields, Object... more) {
        Object[] all = Arrays.copyOf(fields, fields.length + more.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        return all;
    }

    private static Schema<?> ref(String name) {
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    private static Schema<?> timestamp(String description) {
        return new StringSchema().pattern(TIMESTAMP).example("2025-03-11T10:40:00.000Z")
                .description(description + " (UTC, exactly 3 fraction digits)");
    }

    private static Schema<?> status(boolean nullable) {
        StringSchema status = new StringSchema();
        status.setEnum(nullable ? Arrays.asList("present", "absent", null) : List.of("present", "absent"));
        return nullable ? status.nullable(true) : status;
    }

    private static Schema<?> count(String description) {
        return new IntegerSchema().minimum(BigDecimal.ZERO).description(description);
    }

    private static Schema<?> ratio(String description) {
        return new NumberSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.ONE).description(description);
    }

    private static Map<String, Object> session(String id, String state, String startedAt, String endedAt,
                                               String supersededBy, int present, int absent) {
        return ordered("sessionId", id, "state", state, "startedAt", startedAt, "endedAt", endedAt,
                "supersededBy", supersededBy, "present", present, "absent", absent, "total", present + absent);
    }

    private static Map<String, Object> sessionDetail() {
        Map<String, Object> detail = session(SESSION_ID, "finalized", "2025-03-11T10:00:00.000Z",
                "2025-03-11T10:40:00.000Z", null, 1, 1);
        detail.put("students", List.of(ordered("_id", JO_ID, "name", "Lee, Jo", "status", "present"),
                ordered("_id", STUDENT_ID, "name", "Sam Student", "status", "absent")));
        return detail;
    }

    private static Map<String, Object> analytics() {
        return ordered("classId", CLASS_ID, "finalizedSessions", 2,
                "students", List.of(
                        ordered("studentId", STUDENT_ID, "recordedSessions", 2, "present", 1, "rate", 0.5,
                                "currentAbsenceStreak", 1),
                        ordered("studentId", JO_ID, "recordedSessions", 1, "present", 1, "rate", 1.0,
                                "currentAbsenceStreak", 0)),
                "sessions", List.of(
                        ordered("sessionId", FIRST_SESSION_ID, "finalizedAt", "2025-03-04T10:40:00.000Z",
                                "present", 1, "total", 1, "presentRatio", 1.0),
                        ordered("sessionId", SESSION_ID, "finalizedAt", "2025-03-11T10:40:00.000Z",
                                "present", 1, "total", 2, "presentRatio", 0.5)));
    }

    private static Map<String, Object> auditPage() {
        return ordered("entries", List.of(
                        audit(STUDENT_ID, "absent", null, "2025-03-11T10:40:00.000Z", "auto-absent-at-finalize"),
                        audit(JO_ID, "present", "absent", "2025-03-11T10:05:12.345Z", "teacher-mark"),
                        audit(JO_ID, "absent", null, "2025-03-11T10:03:40.120Z", "teacher-mark")),
                "nextCursor", "YTE6NA");
    }

    private static Map<String, Object> audit(String studentId, String status, String previousStatus, String markedAt,
                                             String how) {
        return ordered("sessionId", SESSION_ID, "classId", CLASS_ID, "studentId", studentId, "status", status,
                "previousStatus", previousStatus, "markedBy", TEACHER_ID, "markedAt", markedAt, "how", how);
    }
}
