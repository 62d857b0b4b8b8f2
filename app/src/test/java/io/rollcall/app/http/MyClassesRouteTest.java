package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.User;
import io.rollcall.app.support.RollcallTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;

import static io.rollcall.app.http.Envelope.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /classes} (an extension): a teacher's own classes, a student's enrolled ones, nobody else's. */
@RollcallTest
class MyClassesRouteTest {

    @LocalServerPort
    int port;

    @Test
    void eachUserSeesTheClassesTheyTeachOrAreEnrolledInNewestFirst() {
        ApiClient api = new ApiClient(port);
        User teacher = api.signupAndLogin("Lists Teacher", "teacher");
        User otherTeacher = api.signupAndLogin("Other Lists Teacher", "teacher");
        User student = api.signupAndLogin("Lists Student", "student");
        User outsider = api.signupAndLogin("Lists Outsider", "student");
        assertThat(classes(api, teacher)).isEmpty();
        assertThat(classes(api, student)).isEmpty();

        String algebra = api.createClass(teacher, "Algebra");
        String biology = api.createClass(teacher, "Biology");
        String chemistry = api.createClass(otherTeacher, "Chemistry");
        api.enrol(teacher, biology, student);
        api.enrol(otherTeacher, chemistry, student);
        api.enrol(teacher, algebra, student); // joined last: first in the student's list

        // read-your-writes: every class and enrolment acknowledged above is in the lists at once
        JsonNode mine = classes(api, teacher);
        assertThat(ids(mine)).containsExactly(biology, algebra);
        JsonNode first = mine.get(0);
        assertThat(fieldNames(first)).containsExactly("_id", "className", "teacherId", "studentIds");
        assertThat(first.path("className").asText()).isEqualTo("Biology");
        assertThat(first.path("teacherId").asText()).isEqualTo(teacher.id());
        assertThat(first.path("studentIds").get(0).asText()).isEqualTo(student.id());

        assertThat(ids(classes(api, student))).containsExactly(algebra, chemistry, biology);
        assertThat(ids(classes(api, otherTeacher))).containsExactly(chemistry);
        assertThat(classes(api, outsider)).isEmpty();
    }

    @Test
    void withoutAValidTokenItIsUnauthorized() {
        ApiClient api = new ApiClient(port);
        Envelope.error(api.get("/classes", null), 401, UNAUTHORIZED);
        Envelope.error(api.get("/classes", "garbage"), 401, UNAUTHORIZED);
    }

    private static JsonNode classes(ApiClient api, User user) {
        JsonNode data = Envelope.ok(api.get("/classes", user.token()), 200);
        assertThat(data.isArray()).as("array: %s", data).isTrue();
        return data;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.path("_id").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
