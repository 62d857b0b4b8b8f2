package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.User;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
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
import static org.assertj.core.api.Assertions.assertThat;

/** Routes 4–8: create a class, enrol, read a class, list students, a student's own attendance. */
@RollcallTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassRoutesTest {

    @LocalServerPort
    int port;

    ApiClient api;
    User teacher;
    User otherTeacher;
    User student;
    User secondStudent;
    User outsider;

    @BeforeAll
    void school() {
        api = new ApiClient(port);
        teacher = api.signupAndLogin("Class Teacher", "teacher");
        otherTeacher = api.signupAndLogin("Other Teacher", "teacher");
        student = api.signupAndLogin("Enrolled Student", "student");
        secondStudent = api.signupAndLogin("Second Student", "student");
        outsider = api.signupAndLogin("Outside Student", "student");
    }

    private String classWith(User... students) {
        String classId = api.createClass(teacher, "Class " + new ObjectId());
        for (User s : students) {
            api.enrol(teacher, classId, s);
        }
        return classId;
    }

    private List<String> ids(JsonNode array) {
        assertThat(array.isArray()).as("array: %s", array).isTrue();
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.isTextual() ? node.asText() : node.path("_id").asText()));
        return ids;
    }

    /** Ids that name no class: a fresh ObjectId, a non-hex string, a user's id, a too-short hex string. */
    private List<String> unknownClassIds() {
        return List.of(new ObjectId().toHexString(), "not-a-class", teacher.id(), student.id(), "abc123",
                new ObjectId().toHexString().toUpperCase());
    }

    // ---- POST /class ----

    @Test
    void aTeacherCreatesAnEmptyClass() {
        JsonNode data = Envelope.ok(api.post("/class", teacher.token(), Map.of("className", "Algebra I")), 201);
        Envelope.assertObjectId(data.path("_id"));
        assertThat(data.path("className").asText()).isEqualTo("Algebra I");
        assertThat(data.path("teacherId").asText()).isEqualTo(teacher.id());
        assertThat(data.path("studentIds").isArray()).isTrue();
        assertThat(data.path("studentIds")).isEmpty();

        JsonNode read = Envelope.ok(api.get("/class/" + data.path("_id").asText(), teacher.token()), 200);
        assertThat(read.path("className").asText()).isEqualTo("Algebra I");
        assertThat(read.path("students")).isEmpty();
    }

    @Test
    void aBearerTokenWorksOnTeacherRoutesToo() {
        Envelope.ok(api.post("/class", "Bearer " + teacher.token(), Map.of("className", "Bearer class")), 201);
    }

    @Test
    void twoClassesGetTwoIds() {
        String a = api.createClass(teacher, "Same name");
        String b = api.createClass(teacher, "Same name");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aStudentCannotCreateAClass() {
        Envelope.error(api.post("/class", student.token(), Map.of("className", "Mine")), 403, TEACHER_REQUIRED);
    }

    @Test
    void creatingAClassNeedsAToken() {
        Envelope.error(api.post("/class", null, Map.of("className", "Anon")), 401, UNAUTHORIZED);
        Envelope.error(api.post("/class", "garbage", Map.of("className", "Anon")), 401, UNAUTHORIZED);
    }

    @ParameterizedTest(name = "<{0}>")
    @ValueSource(strings = {"{}", "{\"className\":\"\"}", "{\"className\":\"   \"}", "{\"className\":null}",
            "{\"className\":5}", "{\"className\":true}", "{\"className\":{}}", "{\"className\":[\"Math\"]}",
            "{\"className\":{\"$gt\":\"\"}}", "{\"name\":\"Math\"}", "", "null", "[]", "\"Math\"", "not json",
            "{\"className\":"})
    void createRefusesASchemaViolation(String body) {
        Envelope.error(api.post("/class", teacher.token(), body), 400, INVALID_SCHEMA);
    }

    @Test
    void createRefusesANonJsonContentType() {
        Envelope.error(api.request("POST", "/class", teacher.token(), "text/plain", "{\"className\":\"Math\"}"),
                400, INVALID_SCHEMA);
        Envelope.error(api.request("POST", "/class", teacher.token(), null, null), 400, INVALID_SCHEMA);
    }

    // ---- POST /class/:id/add-student ----

    @Test
    void theOwnerEnrolsStudentsAndEnrollingAgainChangesNothing() {
        String classId = api.createClass(teacher, "Enrolment");
        JsonNode first = Envelope.ok(api.post("/class/" + classId + "/add-student", teacher.token(),
                Map.of("studentId", student.id())), 200);
        assertThat(first.path("_id").asText()).isEqualTo(classId);
        assertThat(first.path("className").asText()).isEqualTo("Enrolment");
        assertThat(first.path("teacherId").asText()).isEqualTo(teacher.id());
        assertThat(ids(first.path("studentIds"))).containsExactly(student.id());

        JsonNode second = Envelope.ok(api.post("/class/" + classId + "/add-student", teacher.token(),
                Map.of("studentId", secondStudent.id())), 200);
        assertThat(ids(second.path("studentIds"))).containsExactlyInAnyOrder(student.id(), secondStudent.id());

        JsonNode again = Envelope.ok(api.post("/class/" + classId + "/add-student", "Bearer " + teacher.token(),
                Map.of("studentId", student.id())), 200);
        assertThat(ids(again.path("studentIds"))).containsExactlyInAnyOrder(student.id(), secondStudent.id());
        assertThat(again.path("_id").asText()).isEqualTo(classId);

        JsonNode read = Envelope.ok(api.get("/class/" + classId, teacher.token()), 200);
        assertThat(ids(read.path("students"))).containsExactlyInAnyOrder(student.id(), secondStudent.id());
    }

    @Test
    void addStudentToAClassThatDoesNotExist() {
        for (String id : unknownClassIds()) {
            Envelope.error(api.post("/class/" + id + "/add-student", teacher.token(),
                    Map.of("studentId", student.id())), 404, CLASS_NOT_FOUND);
        }
    }

    @Test
    void onlyTheOwnerEnrols() {
        String classId = classWith();
        Envelope.error(api.post("/class/" + classId + "/add-student", otherTeacher.token(),
                Map.of("studentId", student.id())), 403, NOT_CLASS_TEACHER);
        assertThat(Envelope.ok(api.get("/class/" + classId, teacher.token()), 200).path("students")).isEmpty();
    }

    @Test
    void theStudentMustBeAStudentThatExists() {
        String classId = classWith(student);
        for (String studentId : List.of(new ObjectId().toHexString(), teacher.id(), otherTeacher.id(),
                "not-a-student", classId, "abc123")) {
            Envelope.error(api.post("/class/" + classId + "/add-student", teacher.token(),
                    Map.of("studentId", studentId)), 404, STUDENT_NOT_FOUND);
        }
        JsonNode read = Envelope.ok(api.get("/class/" + classId, teacher.token()), 200);
        assertThat(ids(read.path("students"))).containsExactly(student.id());
    }

    @ParameterizedTest(name = "<{0}>")
    @ValueSource(strings = {"{}", "{\"studentId\":null}", "{\"studentId\":5}", "{\"studentId\":true}",
            "{\"studentId\":{\"$ne\":null}}", "{\"studentId\":[\"x\"]}", "{\"studentIds\":[\"x\"]}", "", "null",
            "[]", "not json"})
    void addStudentRefusesASchemaViolation(String body) {
        String classId = classWith();
        Envelope.error(api.post("/class/" + classId + "/add-student", teacher.token(), body), 400, INVALID_SCHEMA);
    }

    @Test
    void aStudentCannotEnrolAnyone() {
        String classId = classWith(student);
        Envelope.error(api.post("/class/" + classId + "/add-student", student.token(),
                Map.of("studentId", secondStudent.id())), 403, TEACHER_REQUIRED);
        Envelope.error(api.post("/class/" + classId + "/add-student", null,
                Map.of("studentId", secondStudent.id())), 401, UNAUTHORIZED);
    }

    // ---- GET /class/:id ----

    @Test
    void theOwnerAndAnEnrolledStudentReadTheClassWithItsStudents() {
        String classId = classWith(student, secondStudent);
        for (User reader : List.of(teacher, student, secondStudent)) {
            JsonNode data = Envelope.ok(api.get("/class/" + classId, reader.token()), 200);
            assertThat(data.path("_id").asText()).isEqualTo(classId);
            assertThat(data.path("className").asText()).startsWith("Class ");
            assertThat(data.path("teacherId").asText()).isEqualTo(teacher.id());
            JsonNode students = data.path("students");
            assertThat(ids(students)).containsExactlyInAnyOrder(student.id(), secondStudent.id());
            for (JsonNode s : students) {
                User expected = s.path("_id").asText().equals(student.id()) ? student : secondStudent;
                assertThat(s.path("name").asText()).isEqualTo(expected == student ? "Enrolled Student"
                        : "Second Student");
                assertThat(s.path("email").asText()).isEqualTo(expected.email());
            }
        }
    }

    @Test
    void nobodyElseReadsTheClass() {
        String classId = classWith(student);
        Envelope.error(api.get("/class/" + classId, otherTeacher.token()), 403, NOT_CLASS_TEACHER);
        Envelope.error(api.get("/class/" + classId, outsider.token()), 403, NOT_CLASS_TEACHER);
        Envelope.error(api.get("/class/" + classId, null), 401, UNAUTHORIZED);
    }

    @Test
    void readingAClassThatDoesNotExist() {
        for (String id : unknownClassIds()) {
            Envelope.error(api.get("/class/" + id, teacher.token()), 404, CLASS_NOT_FOUND);
            Envelope.error(api.get("/class/" + id, student.token()), 404, CLASS_NOT_FOUND);
        }
    }

    // ---- GET /students ----

    @Test
    void aTeacherListsEveryStudentAndNoTeacher() {
        User late = api.signupAndLogin("Late Student", "student");
        JsonNode data = Envelope.ok(api.get("/students", teacher.token()), 200);
        assertThat(data.isArray()).isTrue();
        for (JsonNode s : data) {
            Envelope.assertObjectId(s.path("_id"));
            assertThat(s.path("name").isTextual()).as("name of %s", s).isTrue();
            assertThat(s.path("email").isTextual()).as("email of %s", s).isTrue();
        }
        List<String> ids = ids(data);
        assertThat(ids).contains(student.id(), secondStudent.id(), outsider.id(), late.id());
        assertThat(ids).doesNotContain(teacher.id(), otherTeacher.id());
        assertThat(ids).doesNotHaveDuplicates();
        JsonNode lateEntry = null;
        for (JsonNode s : data) {
            if (s.path("_id").asText().equals(late.id())) {
                lateEntry = s;
            }
        }
        assertThat(lateEntry).isNotNull();
        assertThat(lateEntry.path("name").asText()).isEqualTo("Late Student");
        assertThat(lateEntry.path("email").asText()).isEqualTo(late.email());

        Envelope.ok(api.get("/students", "Bearer " + otherTeacher.token()), 200);
    }

    @Test
    void onlyTeachersListStudents() {
        Envelope.error(api.get("/students", student.token()), 403, TEACHER_REQUIRED);
        Envelope.error(api.get("/students", null), 401, UNAUTHORIZED);
    }

    // ---- GET /class/:id/my-attendance ----

    @Test
    void anEnrolledStudentHasNoStatusBeforeAnyFinalizedSession() {
        String classId = classWith(student);
        JsonNode data = Envelope.ok(api.get("/class/" + classId + "/my-attendance", student.token()), 200);
        assertThat(data.path("classId").asText()).isEqualTo(classId);
        assertThat(data.has("status")).as("status present in %s", data).isTrue();
        assertThat(data.path("status").isNull()).as("status null in %s", data).isTrue();

        // a started but unfinished session changes nothing
        Envelope.ok(api.start(teacher, classId), 200);
        JsonNode during = Envelope.ok(api.get("/class/" + classId + "/my-attendance", "Bearer " + student.token()),
                200);
        assertThat(during.path("status").isNull()).as("status null in %s", during).isTrue();
    }

    @Test
    void myAttendanceIsForEnrolledStudentsOnly() {
        String classId = classWith(student);
        Envelope.error(api.get("/class/" + classId + "/my-attendance", teacher.token()), 403, STUDENT_REQUIRED);
        Envelope.error(api.get("/class/" + classId + "/my-attendance", otherTeacher.token()), 403,
                STUDENT_REQUIRED);
        Envelope.error(api.get("/class/" + classId + "/my-attendance", outsider.token()), 403, NOT_ENROLLED);
        Envelope.error(api.get("/class/" + classId + "/my-attendance", null), 401, UNAUTHORIZED);
    }

    @Test
    void myAttendanceOfAClassThatDoesNotExist() {
        for (String id : unknownClassIds()) {
            Envelope.error(api.get("/class/" + id + "/my-attendance", student.token()), 404, CLASS_NOT_FOUND);
        }
    }

    @Test
    void myAttendanceReadsTheLatestFinalizedSession() {
        String classId = classWith(student, secondStudent);
        Envelope.ok(api.start(teacher, classId), 200);
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", "present"));
            socket.next("ATTENDANCE_MARKED");
            socket.send("DONE", null);
            JsonNode done = socket.next("DONE").path("data");
            assertThat(done.path("present").asInt()).isEqualTo(1);
            assertThat(done.path("absent").asInt()).isEqualTo(1);
        }
        assertThat(status(classId, student)).isEqualTo("present");
        assertThat(status(classId, secondStudent)).isEqualTo("absent");

        // a second session in progress does not count until it is finalized
        Envelope.ok(api.start(teacher, classId), 200);
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", "absent"));
            socket.next("ATTENDANCE_MARKED");
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", secondStudent.id(), "status", "present"));
            socket.next("ATTENDANCE_MARKED");
            assertThat(status(classId, student)).isEqualTo("present");
            assertThat(status(classId, secondStudent)).isEqualTo("absent");

            socket.send("DONE", null);
            socket.next("DONE");
        }
        assertThat(status(classId, student)).isEqualTo("absent");
        assertThat(status(classId, secondStudent)).isEqualTo("present");
    }

    private String status(String classId, User who) {
        JsonNode data = Envelope.ok(api.get("/class/" + classId + "/my-attendance", who.token()), 200);
        assertThat(data.path("classId").asText()).isEqualTo(classId);
        return data.path("status").asText();
    }
}
