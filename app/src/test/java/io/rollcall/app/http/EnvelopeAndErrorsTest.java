package io.rollcall.app.http;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.Reply;
import io.rollcall.app.support.ApiClient.User;
import io.rollcall.app.support.RollcallTest;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.rollcall.app.http.Envelope.INVALID_SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every answer is the contract's envelope, with a JSON content type: unknown routes, wrong methods, malformed
 * bodies and URLs the container itself refuses; and no body ever shows an exception or a stack trace.
 */
@RollcallTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvelopeAndErrorsTest {

    @LocalServerPort
    int port;

    ApiClient api;
    RawHttp raw;
    User teacher;
    User student;
    String classId;

    @BeforeAll
    void school() {
        api = new ApiClient(port);
        raw = new RawHttp(port);
        teacher = api.signupAndLogin("Envelope Teacher", "teacher");
        student = api.signupAndLogin("Envelope Student", "student");
        classId = api.createClass(teacher, "Envelope");
        api.enrol(teacher, classId, student);
    }

    private static void assertJson(RawHttp.Raw response) {
        assertThat(response.contentType()).as("Content-Type of %s", response).startsWith("application/json");
    }

    // ---- unknown routes and wrong methods ----

    @ParameterizedTest(name = "{0} {1}")
    // GET / is the web console's page (ConsoleStaticFilesTest); an unknown file under /app is still the envelope
    @CsvSource({"GET,/app/nope", "GET,/nope", "POST,/nope", "GET,/auth", "GET,/api/students", "POST,/api/auth/signup",
            "GET,/class/x/y/z", "GET,/auth/me/extra", "POST,/class/x/remove-student", "GET,/students/x",
            "GET,/ws/x", "GET,/error/x", "DELETE,/nope"})
    void anUnknownRouteIsA404Envelope(String method, String path) {
        for (String token : java.util.Arrays.asList(null, "TOKEN")) {
            RawHttp.Raw response = raw.send(method, path,
                    token == null ? Map.of() : Map.of("Authorization", teacher.token()), null);
            assertJson(response);
            Reply reply = response.reply();
            Envelope.assertShape(reply);
            assertThat(reply.status()).as("%s %s", method, path).isEqualTo(404);
            assertThat(reply.success()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET,/auth/signup", "PUT,/auth/signup", "GET,/signup", "GET,/auth/login", "DELETE,/login",
            "POST,/auth/me", "PUT,/me", "GET,/class", "PUT,/class", "DELETE,/class/CLASS", "PATCH,/class/CLASS",
            "POST,/class/CLASS", "GET,/class/CLASS/add-student", "PUT,/class/CLASS/add-student",
            "POST,/students", "DELETE,/students", "POST,/class/CLASS/my-attendance", "GET,/attendance/start",
            "PUT,/attendance/start", "POST,/", "DELETE,/app/index.html"})
    void aWrongMethodIsA405Envelope(String method, String path) {
        String resolved = path.replace("CLASS", classId);
        for (User caller : List.of(teacher, student)) {
            RawHttp.Raw response = raw.send(method, resolved, Map.of("Authorization", caller.token(),
                    "Content-Type", "application/json"), "{}");
            assertJson(response);
            Reply reply = response.reply();
            Envelope.assertShape(reply);
            assertThat(reply.status()).as("%s %s", method, resolved).isEqualTo(405);
        }
        RawHttp.Raw anonymous = raw.send(method, resolved, Map.of(), null);
        assertJson(anonymous);
        Envelope.assertShape(anonymous.reply());
        assertThat(anonymous.status()).isEqualTo(405);
    }

    // ---- malformed requests ----

    @Test
    void aBodyWithTrailingGarbageIsNotJson() {
        String email = "trailing-" + UUID.randomUUID() + "@school.test";
        Envelope.error(api.post("/auth/signup", null, "{\"name\":\"T\",\"email\":\"" + email
                + "\",\"password\":\"secret123\",\"role\":\"student\"} trailing"), 400, INVALID_SCHEMA);
        Envelope.error(api.post("/auth/signup", null, "{\"name\":\"T\",\"email\":\"" + email
                + "\",\"password\":\"secret123\",\"role\":\"student\"}{}"), 400, INVALID_SCHEMA);
        Envelope.error(api.post("/class", teacher.token(), "{\"className\":\"Math\"} {\"className\":\"Art\"}"), 400,
                INVALID_SCHEMA);
        // nothing was created by the refused signups
        Envelope.ok(api.post("/auth/signup", null, Map.of("name", "T", "email", email, "password", "secret123",
                "role", "student")), 201);
    }

    @Test
    void aBodyWithADuplicateKeyIsRefusedNotAServerError() {
        String email = "dup-" + UUID.randomUUID() + "@school.test";
        Envelope.error(api.post("/auth/signup", null, "{\"name\":\"D\",\"email\":\"" + email
                + "\",\"password\":\"secret123\",\"role\":\"student\",\"role\":\"teacher\"}"), 400, INVALID_SCHEMA);
        Envelope.error(api.post("/class", teacher.token(), "{\"className\":\"A\",\"className\":\"B\"}"), 400,
                INVALID_SCHEMA);
        Envelope.error(api.post("/attendance/start", teacher.token(),
                "{\"classId\":\"" + classId + "\",\"classId\":\"" + classId + "\"}"), 400, INVALID_SCHEMA);
    }

    @Test
    void anOversizedBodyIsASchemaErrorWhetherItDeclaresItsLengthOrNot() {
        String big = "{\"className\":\"" + "x".repeat(16 * 1024) + "\"}";
        Envelope.error(api.post("/class", teacher.token(), big), 400, INVALID_SCHEMA);
        RawHttp.Raw chunked = raw.postChunked("/class", teacher.token(), big);
        assertJson(chunked);
        Envelope.error(chunked.reply(), 400, INVALID_SCHEMA);
        // a body just under the limit is read (and here refused only for its content)
        String small = "{\"className\":\"" + "x".repeat(1000) + "\"}";
        Envelope.error(api.post("/class", teacher.token(), small), 400, INVALID_SCHEMA);
    }

    @Test
    void invalidUtf8IsASchemaError() {
        byte[] body = {'{', '"', 'c', 'l', 'a', 's', 's', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe,
                '"', '}'};
        RawHttp.Raw response = raw.postBytes("/class", teacher.token(), body);
        assertJson(response);
        Envelope.error(response.reply(), 400, INVALID_SCHEMA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "text/plain", "application/xml", "image/png"})
    void anAcceptHeaderThatExcludesJsonStillGetsTheEnvelope(String accept) {
        RawHttp.Raw created = raw.send("POST", "/class", Map.of("Authorization", teacher.token(),
                "Content-Type", "application/json", "Accept", accept), "{\"className\":\"Accept " + accept + "\"}");
        assertJson(created);
        Envelope.ok(created.reply(), 201);

        RawHttp.Raw refused = raw.send("POST", "/auth/signup", Map.of("Content-Type", "application/json",
                "Accept", accept), "{}");
        assertJson(refused);
        Envelope.error(refused.reply(), 400, INVALID_SCHEMA);

        RawHttp.Raw unknown = raw.send("GET", "/nope", Map.of("Accept", accept), null);
        assertJson(unknown);
        Envelope.assertShape(unknown.reply());
        assertThat(unknown.status()).isEqualTo(404);

        RawHttp.Raw unauthorized = raw.send("GET", "/auth/me", Map.of("Accept", accept), null);
        assertJson(unauthorized);
        Envelope.error(unauthorized.reply(), 401, Envelope.UNAUTHORIZED);
    }

    /** URLs the container or the firewall refuses before any controller: still an envelope, never a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"/class/a%2Fb", "/class/a%5Cb", "/class/%zz", "/class/a%00b", "/class/%252e",
            "/class/a;b", "/class/..;/students", "/class/%2e%2e/students", "/class/a%0Ab"})
    void aUrlRefusedBeforeRoutingIsStillAnEnvelope(String target) {
        RawHttp.Raw response = raw.rawRequestLine("GET", target);
        assertJson(response);
        Reply reply = response.reply();
        Envelope.assertShape(reply);
        assertThat(reply.success()).isFalse();
        assertThat(reply.status()).as(target).isBetween(400, 499);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "TRACE", "PROPFIND"})
    void anUnknownMethodIsStillAnEnvelope(String method) {
        for (String path : List.of("/class", "/auth/me", "/nope")) {
            RawHttp.Raw response = raw.rawRequestLine(method, path);
            assertJson(response);
            Reply reply = response.reply();
            Envelope.assertShape(reply);
            assertThat(reply.status()).as("%s %s", method, path).isEqualTo(405);
        }
    }

    // ---- ids that name nothing are "not found", never a server error ----

    @ParameterizedTest
    @ValueSource(strings = {"x", "0", "000000000000000000000000", "ffffffffffffffffffffffff",
            "zzzzzzzzzzzzzzzzzzzzzzzz", "0123456789abcdef012345678", "%20", "null", "undefined", "%7B%7D",
            "%24gt", "a.b"})
    void anyStringAsAClassIdIsNotFound(String id) {
        Envelope.error(api.get("/class/" + id, teacher.token()), 404, Envelope.CLASS_NOT_FOUND);
        Envelope.error(api.get("/class/" + id + "/my-attendance", student.token()), 404, Envelope.CLASS_NOT_FOUND);
        Envelope.error(api.post("/class/" + id + "/add-student", teacher.token(), Map.of("studentId", student.id())),
                404, Envelope.CLASS_NOT_FOUND);
    }

    @Test
    void aVeryLongClassIdIsNotFound() {
        String id = "f".repeat(2000);
        Envelope.error(api.get("/class/" + id, teacher.token()), 404, Envelope.CLASS_NOT_FOUND);
        Envelope.error(api.get("/class/" + new ObjectId().toHexString() + "0", teacher.token()), 404,
                Envelope.CLASS_NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "", " ", "000000000000000000000000", "ffffffffffffffffffffffff", "null",
            "{\\\"$ne\\\":null}", "../students"})
    void anyStringAsAClassIdInABodyIsNotFound(String id) {
        Envelope.error(api.post("/attendance/start", teacher.token(), "{\"classId\":\"" + id + "\"}"), 404,
                Envelope.CLASS_NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "000000000000000000000000", "ffffffffffffffffffffffff", "null",
            "{\\\"$ne\\\":null}", "../students"})
    void anyStringAsAStudentIdIsNotFound(String id) {
        Envelope.error(api.post("/class/" + classId + "/add-student", teacher.token(),
                "{\"studentId\":\"" + id + "\"}"), 404, Envelope.STUDENT_NOT_FOUND);
    }

    // ---- every success carries the envelope and JSON too ----

    @Test
    void successesAreJsonEnvelopes() {
        for (RawHttp.Raw response : List.of(
                raw.send("GET", "/auth/me", Map.of("Authorization", teacher.token()), null),
                raw.send("GET", "/me", Map.of("Authorization", "Bearer " + student.token()), null),
                raw.send("GET", "/students", Map.of("Authorization", teacher.token()), null),
                raw.send("GET", "/class/" + classId, Map.of("Authorization", teacher.token()), null),
                raw.send("GET", "/class/" + classId + "/my-attendance", Map.of("Authorization", student.token()),
                        null))) {
            assertJson(response);
            assertThat(response.status()).isEqualTo(200);
            Envelope.ok(response.reply(), 200);
        }
    }
}
