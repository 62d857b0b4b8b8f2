package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.User;
import io.rollcall.app.support.RollcallTest;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.rollcall.app.http.Envelope.CLASS_NOT_FOUND;
import static io.rollcall.app.http.Envelope.INVALID_SCHEMA;
import static io.rollcall.app.http.Envelope.NOT_CLASS_TEACHER;
import static io.rollcall.app.http.Envelope.TEACHER_REQUIRED;
import static io.rollcall.app.http.Envelope.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

/** Route 9: POST /attendance/start. */
@RollcallTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttendanceStartRouteTest {

    @LocalServerPort
    int port;

    ApiClient api;
    User teacher;
    User otherTeacher;
    User student;

    @BeforeAll
    void school() {
        api = new ApiClient(port);
        teacher = api.signupAndLogin("Start Teacher", "teacher");
        otherTeacher = api.signupAndLogin("Start Other Teacher", "teacher");
        student = api.signupAndLogin("Start Student", "student");
    }

    @Test
    void theOwnerStartsASession() {
        String classId = api.createClass(teacher, "Chemistry");
        api.enrol(teacher, classId, student);
        Instant before = Instant.now().minusSeconds(5);
        JsonNode data = Envelope.ok(api.post("/attendance/start", teacher.token(), Map.of("classId", classId)), 200);
        Instant after = Instant.now().plusSeconds(5);

        assertThat(data.path("classId").asText()).isEqualTo(classId);
        assertThat(data.path("startedAt").isTextual()).isTrue();
        assertThat(data.path("startedAt").asText()).matches(Envelope.STARTED_AT);
        assertThat(Instant.parse(data.path("startedAt").asText())).isBetween(before, after);
        Envelope.assertObjectId(data.path("sessionId"));
    }

    @Test
    void aClassWithoutStudentsCanStartToo() {
        String classId = api.createClass(teacher, "Empty room");
        JsonNode data = Envelope.ok(api.post("/attendance/start", "Bearer " + teacher.token(),
                Map.of("classId", classId)), 200);
        assertThat(data.path("classId").asText()).isEqualTo(classId);
    }

    @Test
    void startingAgainOpensANewSession() {
        String classId = api.createClass(teacher, "Twice");
        JsonNode first = Envelope.ok(api.start(teacher, classId), 200);
        JsonNode second = Envelope.ok(api.start(teacher, classId), 200);
        assertThat(second.path("sessionId").asText()).isNotEqualTo(first.path("sessionId").asText());
        assertThat(second.path("startedAt").asText()).matches(Envelope.STARTED_AT);
        assertThat(Instant.parse(second.path("startedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(first.path("startedAt").asText()));
        assertThat(Duration.between(Instant.parse(first.path("startedAt").asText()),
                Instant.parse(second.path("startedAt").asText()))).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void onlyTheOwnerStarts() {
        String classId = api.createClass(teacher, "Not yours");
        Envelope.error(api.post("/attendance/start", otherTeacher.token(), Map.of("classId", classId)), 403,
                NOT_CLASS_TEACHER);
    }

    @Test
    void startingAClassThatDoesNotExist() {
        for (String id : List.of(new ObjectId().toHexString(), "not-a-class", teacher.id(), student.id(),
                "abc123")) {
            Envelope.error(api.post("/attendance/start", teacher.token(), Map.of("classId", id)), 404,
                    CLASS_NOT_FOUND);
        }
    }

    @Test
    void aStudentCannotStart() {
        String classId = api.createClass(teacher, "Student start");
        api.enrol(teacher, classId, student);
        Envelope.error(api.post("/attendance/start", student.token(), Map.of("classId", classId)), 403,
                TEACHER_REQUIRED);
    }

    @Test
    void startingNeedsAToken() {
        String classId = api.createClass(teacher, "Anonymous start");
        Envelope.error(api.post("/attendance/start", null, Map.of("classId", classId)), 401, UNAUTHORIZED);
        Envelope.error(api.post("/attendance/start", "Bearer nope", Map.of("classId", classId)), 401, UNAUTHORIZED);
    }

    @ParameterizedTest(name = "<{0}>")
    @ValueSource(strings = {"{}", "{\"classId\":null}", "{\"classId\":5}", "{\"classId\":true}",
            "{\"classId\":{}}", "{\"classId\":{\"$ne\":null}}", "{\"classId\":[\"x\"]}", "{\"class\":\"x\"}", "",
            "null", "[]", "\"classId\"", "not json", "{\"classId\":"})
    void startRefusesASchemaViolation(String body) {
        Envelope.error(api.post("/attendance/start", teacher.token(), body), 400, INVALID_SCHEMA);
    }

    @Test
    void startRefusesANonJsonContentType() {
        String classId = api.createClass(teacher, "Plain start");
        Envelope.error(api.request("POST", "/attendance/start", teacher.token(), "text/plain",
                "{\"classId\":\"" + classId + "\"}"), 400, INVALID_SCHEMA);
    }
}
