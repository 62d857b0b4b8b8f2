package io.rollcall.app.http;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.User;
import io.rollcall.app.support.RollcallTest;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Map;

import static io.rollcall.app.http.Envelope.CLASS_NOT_FOUND;
import static io.rollcall.app.http.Envelope.INVALID_SCHEMA;
import static io.rollcall.app.http.Envelope.NOT_CLASS_TEACHER;
import static io.rollcall.app.http.Envelope.NOT_ENROLLED;
import static io.rollcall.app.http.Envelope.STUDENT_NOT_FOUND;
import static io.rollcall.app.http.Envelope.STUDENT_REQUIRED;
import static io.rollcall.app.http.Envelope.TEACHER_REQUIRED;
import static io.rollcall.app.http.Envelope.UNAUTHORIZED;

/**
 * The contract's order of checks when a request is wrong in several ways at once: 401, then the role (403),
 * then the body schema (400), then the class exists (404), then ownership or enrolment (403), then the other
 * ids in the body (404 "Student not found").
 */
@RollcallTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckOrderTest {

    private static final String BAD_JSON = "{\"className\":";
    private static final String WRONG_TYPE_STUDENT = "{\"studentId\":5}";
    private static final String WRONG_TYPE_CLASS = "{\"classId\":{\"$ne\":null}}";

    @LocalServerPort
    int port;

    ApiClient api;
    RawHttp raw;
    User teacher;
    User otherTeacher;
    User student;
    User outsider;
    String classId;
    String unknownClass;
    String unknownStudent;

    @BeforeAll
    void school() {
        api = new ApiClient(port);
        raw = new RawHttp(port);
        teacher = api.signupAndLogin("Order Teacher", "teacher");
        otherTeacher = api.signupAndLogin("Order Other Teacher", "teacher");
        student = api.signupAndLogin("Order Student", "student");
        outsider = api.signupAndLogin("Order Outsider", "student");
        classId = api.createClass(teacher, "Order");
        api.enrol(teacher, classId, student);
        unknownClass = new ObjectId().toHexString();
        unknownStudent = new ObjectId().toHexString();
    }

    private List<String> badTokens() {
        return List.of("", "garbage", "Bearer garbage");
    }

    // ---- 401 before everything ----

    @Test
    void noTokenComesBeforeAnInvalidBody() {
        for (String token : badTokens()) {
            String header = token.isEmpty() ? null : token;
            Envelope.error(api.post("/class", header, BAD_JSON), 401, UNAUTHORIZED);
            Envelope.error(api.post("/class", header, "{}"), 401, UNAUTHORIZED);
            Envelope.error(api.request("POST", "/class", header, "text/plain", "hello"), 401, UNAUTHORIZED);
            Envelope.error(api.request("POST", "/class", header, null, null), 401, UNAUTHORIZED);
            Envelope.error(api.post("/class/" + unknownClass + "/add-student", header, WRONG_TYPE_STUDENT), 401,
                    UNAUTHORIZED);
            Envelope.error(api.post("/class/not-an-id/add-student", header, BAD_JSON), 401, UNAUTHORIZED);
            Envelope.error(api.post("/attendance/start", header, WRONG_TYPE_CLASS), 401, UNAUTHORIZED);
            Envelope.error(api.post("/attendance/start", header, Map.of("classId", unknownClass)), 401,
                    UNAUTHORIZED);
        }
    }

    @Test
    void noTokenComesBeforeAnUnknownClass() {
        Envelope.error(api.get("/class/" + unknownClass, null), 401, UNAUTHORIZED);
        Envelope.error(api.get("/class/not-an-id", "garbage"), 401, UNAUTHORIZED);
        Envelope.error(api.get("/class/" + unknownClass + "/my-attendance", null), 401, UNAUTHORIZED);
        Envelope.error(api.post("/class/" + unknownClass + "/add-student", null,
                Map.of("studentId", unknownStudent)), 401, UNAUTHORIZED);
    }

    @Test
    void noTokenComesBeforeAnOversizedBody() {
        String big = "{\"className\":\"" + "x".repeat(20 * 1024) + "\"}";
        Envelope.error(api.post("/class", null, big), 401, UNAUTHORIZED);
        Envelope.error(raw.postChunked("/class", null, big).reply(), 401, UNAUTHORIZED);
        Envelope.error(api.post("/attendance/start", "garbage", big), 401, UNAUTHORIZED);
    }

    // ---- the role (403) before the body (400) and the class (404) ----

    @Test
    void aStudentOnATeacherRouteIsRefusedBeforeTheBodyIsRead() {
        Envelope.error(api.post("/class", student.token(), BAD_JSON), 403, TEACHER_REQUIRED);
        Envelope.error(api.post("/class", student.token(), "{}"), 403, TEACHER_REQUIRED);
        Envelope.error(api.request("POST", "/class", student.token(), "text/plain", "hello"), 403,
                TEACHER_REQUIRED);
        Envelope.error(api.post("/class/" + classId + "/add-student", student.token(), WRONG_TYPE_STUDENT), 403,
                TEACHER_REQUIRED);
        Envelope.error(api.post("/class/" + unknownClass + "/add-student", student.token(), BAD_JSON), 403,
                TEACHER_REQUIRED);
        Envelope.error(api.post("/class/" + unknownClass + "/add-student", student.token(),
                Map.of("studentId", unknownStudent)), 403, TEACHER_REQUIRED);
        Envelope.error(api.post("/attendance/start", student.token(), WRONG_TYPE_CLASS), 403, TEACHER_REQUIRED);
        Envelope.error(api.post("/attendance/start", student.token(), Map.of("classId", unknownClass)), 403,
                TEACHER_REQUIRED);
        Envelope.error(api.request("POST", "/attendance/start", student.token(), null, null), 403,
                TEACHER_REQUIRED);
    }

    @Test
    void aStudentWithAnOversizedBodyIsRefusedForTheRole() {
        String big = "{\"classId\":\"" + "x".repeat(20 * 1024) + "\"}";
        Envelope.error(api.post("/attendance/start", student.token(), big), 403, TEACHER_REQUIRED);
        Envelope.error(raw.postChunked("/class", student.token(), big).reply(), 403, TEACHER_REQUIRED);
    }

    @Test
    void aTeacherOnAStudentRouteIsRefusedBeforeTheClassIsLookedUp() {
        Envelope.error(api.get("/class/" + unknownClass + "/my-attendance", teacher.token()), 403,
                STUDENT_REQUIRED);
        Envelope.error(api.get("/class/not-an-id/my-attendance", teacher.token()), 403, STUDENT_REQUIRED);
        Envelope.error(api.get("/class/" + classId + "/my-attendance", otherTeacher.token()), 403,
                STUDENT_REQUIRED);
    }

    @Test
    void aStudentListingStudentsIsRefusedForTheRole() {
        Envelope.error(api.get("/students", student.token()), 403, TEACHER_REQUIRED);
    }

    // ---- the body (400) before the class (404) and ownership (403) ----

    @Test
    void anInvalidBodyComesBeforeAnUnknownClass() {
        Envelope.error(api.post("/class/" + unknownClass + "/add-student", teacher.token(), WRONG_TYPE_STUDENT),
                400, INVALID_SCHEMA);
        Envelope.error(api.post("/class/not-an-id/add-student", teacher.token(), BAD_JSON), 400, INVALID_SCHEMA);
        Envelope.error(api.post("/class/" + unknownClass + "/add-student", teacher.token(), "{}"), 400,
                INVALID_SCHEMA);
        Envelope.error(api.post("/attendance/start", teacher.token(), WRONG_TYPE_CLASS), 400, INVALID_SCHEMA);
    }

    @Test
    void anInvalidBodyComesBeforeOwnership() {
        Envelope.error(api.post("/class/" + classId + "/add-student", otherTeacher.token(), WRONG_TYPE_STUDENT),
                400, INVALID_SCHEMA);
        Envelope.error(api.post("/class/" + classId + "/add-student", otherTeacher.token(), BAD_JSON), 400,
                INVALID_SCHEMA);
        Envelope.error(api.request("POST", "/class/" + classId + "/add-student", otherTeacher.token(),
                "text/plain", "{\"studentId\":\"" + student.id() + "\"}"), 400, INVALID_SCHEMA);
    }

    @Test
    void anOversizedBodyFromTheRightRoleIsASchemaError() {
        String big = "{\"className\":\"" + "x".repeat(20 * 1024) + "\"}";
        Envelope.error(api.post("/class", teacher.token(), big), 400, INVALID_SCHEMA);
        Envelope.error(raw.postChunked("/class", teacher.token(), big).reply(), 400, INVALID_SCHEMA);
        Envelope.error(api.post("/class/" + unknownClass + "/add-student", teacher.token(),
                "{\"studentId\":\"" + "x".repeat(20 * 1024) + "\"}"), 400, INVALID_SCHEMA);
    }

    // ---- the class (404) before ownership or enrolment (403) ----

    @Test
    void anUnknownClassComesBeforeOwnershipAndEnrolment() {
        Envelope.error(api.post("/class/" + unknownClass + "/add-student", otherTeacher.token(),
                Map.of("studentId", unknownStudent)), 404, CLASS_NOT_FOUND);
        Envelope.error(api.post("/attendance/start", otherTeacher.token(), Map.of("classId", unknownClass)), 404,
                CLASS_NOT_FOUND);
        Envelope.error(api.get("/class/" + unknownClass, otherTeacher.token()), 404, CLASS_NOT_FOUND);
        Envelope.error(api.get("/class/" + unknownClass, outsider.token()), 404, CLASS_NOT_FOUND);
        Envelope.error(api.get("/class/" + unknownClass + "/my-attendance", outsider.token()), 404,
                CLASS_NOT_FOUND);
    }

    // ---- ownership or enrolment (403) before the other ids (404) ----

    @Test
    void ownershipComesBeforeAnUnknownStudent() {
        for (String studentId : List.of(unknownStudent, "not-an-id", teacher.id(), otherTeacher.id())) {
            Envelope.error(api.post("/class/" + classId + "/add-student", otherTeacher.token(),
                    Map.of("studentId", studentId)), 403, NOT_CLASS_TEACHER);
        }
        // and for the owner the same ids are "Student not found"
        for (String studentId : List.of(unknownStudent, "not-an-id", teacher.id(), otherTeacher.id())) {
            Envelope.error(api.post("/class/" + classId + "/add-student", teacher.token(),
                    Map.of("studentId", studentId)), 404, STUDENT_NOT_FOUND);
        }
    }

    @Test
    void enrolmentIsCheckedForAnExistingClass() {
        Envelope.error(api.get("/class/" + classId + "/my-attendance", outsider.token()), 403, NOT_ENROLLED);
        Envelope.error(api.get("/class/" + classId, outsider.token()), 403, NOT_CLASS_TEACHER);
        Envelope.ok(api.get("/class/" + classId + "/my-attendance", student.token()), 200);
    }
}
