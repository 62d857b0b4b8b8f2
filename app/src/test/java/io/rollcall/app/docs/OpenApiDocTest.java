package io.rollcall.app.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at /docs/openapi.json documents every route of the contract, with the contract's
 * error strings under the right statuses, and /docs leads to Swagger UI. The routes Rollcall adds are documented
 * the same way, and checked against real calls: every error a route answers is documented and every documented
 * error is answered, the answers and the examples match the documented schemas, and the documented limits of the
 * query parameters are the ones enforced. The routes documented are exactly the routes Spring maps.
 */
@RollcallTest
class OpenApiDocTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** What springdoc is told to leave out of the document (the error page, the docs, the operators' routes). */
    @Value("${springdoc.paths-to-exclude}")
    List<String> undocumented;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode document() throws Exception {
        HttpResponse<String> response = get("/docs/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    /** Route, success status, then every error as status:message, straight from the contract. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "post|/auth/signup|201|400:Invalid request schema;400:Email already exists;429:Too many requests",
            "post|/signup|201|400:Invalid request schema;400:Email already exists;429:Too many requests",
            "post|/auth/login|200|400:Invalid request schema;400:Invalid email or password;429:Too many requests",
            "post|/login|200|400:Invalid request schema;400:Invalid email or password;429:Too many requests",
            "get|/auth/me|200|401:Unauthorized, token missing or invalid;404:User not found",
            "get|/me|200|401:Unauthorized, token missing or invalid;404:User not found",
            "post|/class|201|401:Unauthorized, token missing or invalid;403:Forbidden, teacher access required;"
                    + "400:Invalid request schema",
            "post|/class/{id}/add-student|200|401:Unauthorized, token missing or invalid;"
                    + "403:Forbidden, teacher access required;400:Invalid request schema;404:Class not found;"
                    + "403:Forbidden, not class teacher;404:Student not found",
            "get|/class/{id}|200|401:Unauthorized, token missing or invalid;404:Class not found;"
                    + "403:Forbidden, not class teacher",
            "get|/students|200|401:Unauthorized, token missing or invalid;403:Forbidden, teacher access required",
            "get|/class/{id}/my-attendance|200|401:Unauthorized, token missing or invalid;"
                    + "403:Forbidden, student access required;404:Class not found;403:Forbidden, not enrolled in class",
            "post|/attendance/start|200|401:Unauthorized, token missing or invalid;"
                    + "403:Forbidden, teacher access required;400:Invalid request schema;404:Class not found;"
                    + "403:Forbidden, not class teacher"})
    void everyContractRouteIsDocumentedWithItsErrors(String method, String path, int success, String errors)
            throws Exception {
        JsonNode operation = document().path("paths").path(path).path(method);
        assertThat(operation.isObject()).as("%s %s documented", method, path).isTrue();

        JsonNode ok = operation.path("responses").path(String.valueOf(success)).path("content").path("application/json");
        assertThat(ok.path("example").path("success").asBoolean(false)).as("success example").isTrue();
        assertThat(ok.path("example").has("data")).isTrue();

        assertErrorsAndSecurity(operation, method, path, errors);
        if (operation.has("requestBody")) {
            assertThat(operation.path("requestBody").path("content").path("application/json").has("schema")).isTrue();
            assertThat(operation.path("requestBody").path("content").path("application/json").has("example")).isTrue();
        }
        assertThat(method.equals("post")).as("request body").isEqualTo(operation.has("requestBody"));
    }

    // the errors of the routes beyond the contract, in the order of the checks, straight from the controllers
    private static final String OWNER_ONLY = "401:Unauthorized, token missing or invalid;"
            + "403:Forbidden, teacher access required;404:Class not found;403:Forbidden, not class teacher";
    private static final String OWNER_ONLY_WITH_QUERY = "401:Unauthorized, token missing or invalid;"
            + "403:Forbidden, teacher access required;400:Invalid request schema;404:Class not found;"
            + "403:Forbidden, not class teacher";
    private static final String OWNER_ONLY_ONE_SESSION = OWNER_ONLY + ";404:Session not found";
    private static final String ENROLLED_ONLY = "401:Unauthorized, token missing or invalid;"
            + "403:Forbidden, student access required;404:Class not found;403:Forbidden, not enrolled in class";

    private static final Map<String, String> EXTENSION_ROUTES = new LinkedHashMap<>();

    static {
        EXTENSION_ROUTES.put("/class/{id}/sessions", OWNER_ONLY);
        EXTENSION_ROUTES.put("/class/{id}/sessions/{sessionId}", OWNER_ONLY_ONE_SESSION);
        EXTENSION_ROUTES.put("/class/{id}/my-attendance/history", ENROLLED_ONLY);
        EXTENSION_ROUTES.put("/class/{id}/attendance.csv", OWNER_ONLY);
        EXTENSION_ROUTES.put("/class/{id}/analytics", OWNER_ONLY_WITH_QUERY);
        EXTENSION_ROUTES.put("/class/{id}/audit", OWNER_ONLY_WITH_QUERY);
    }

    /**
     * The routes beyond the contract: route, success status and media type, the query parameters the controller
     * reads, then every error as status:message in the order of the checks.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "get|/class/{id}/sessions|200|application/json||" + OWNER_ONLY,
            "get|/class/{id}/sessions/{sessionId}|200|application/json||" + OWNER_ONLY_ONE_SESSION,
            "get|/class/{id}/my-attendance/history|200|application/json||" + ENROLLED_ONLY,
            "get|/class/{id}/attendance.csv|200|text/csv||" + OWNER_ONLY,
            "get|/class/{id}/analytics|200|application/json|below|" + OWNER_ONLY_WITH_QUERY,
            "get|/class/{id}/audit|200|application/json|limit;cursor;studentId;sessionId|" + OWNER_ONLY_WITH_QUERY})
    void everyExtensionRouteIsDocumentedWithItsParametersAndErrors(String method, String path, int success,
                                                                   String media, String query, String errors)
            throws Exception {
        JsonNode operation = document().path("paths").path(path).path(method);
        assertThat(operation.isObject()).as("%s %s documented", method, path).isTrue();
        assertThat(operation.path("summary").asText()).isNotBlank();
        assertThat(operation.path("description").asText()).containsAnyOf("owns the class", "enrolled in the class");

        JsonNode content = operation.path("responses").path(String.valueOf(success)).path("content");
        List<String> types = new ArrayList<>();
        content.fieldNames().forEachRemaining(types::add);
        assertThat(types).as("success media type").containsExactly(media);
        assertThat(content.path(media).has("example")).as("success example").isTrue();
        if (media.equals("application/json")) {
            assertThat(content.path(media).path("example").path("success").asBoolean(false)).isTrue();
            assertThat(content.path(media).path("schema").path("properties").path("data").has("$ref")).isTrue();
        } else {
            assertThat(operation.path("responses").path(String.valueOf(success)).path("headers")
                    .has("Content-Disposition")).isTrue();
        }

        List<String> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> {
            if (parameter.path("in").asText().equals("query")) {
                parameters.add(parameter.path("name").asText());
                assertThat(parameter.path("required").asBoolean(true)).as("optional").isFalse();
                assertThat(parameter.path("description").asText()).as("%s described", parameter).isNotBlank();
                assertThat(parameter.path("schema").path("type").asText()).isIn("string", "integer", "number");
            } else {
                assertThat(parameter.path("in").asText()).isEqualTo("path");
                assertThat(parameter.path("description").asText()).as("%s described", parameter).isNotBlank();
            }
        });
        assertThat(parameters).containsExactlyElementsOf(query == null ? List.of() : List.of(query.split(";")));

        assertErrorsAndSecurity(operation, method, path, errors);
        List<String> documented = new ArrayList<>();
        operation.path("responses").fields().forEachRemaining(response -> {
            if (!response.getKey().equals(String.valueOf(success))) {
                assertThat(response.getValue().path("content").has("application/json"))
                        .as("%s %s: errors are JSON envelopes", path, response.getKey()).isTrue();
                response.getValue().path("content").path("application/json").path("examples").forEach(
                        example -> documented.add(response.getKey() + ":"
                                + example.path("value").path("error").asText()));
            }
        });
        List<String> expected = new ArrayList<>(List.of(errors.split(";")));
        expected.add("500:Internal server error");
        expected.add("503:Service unavailable");
        assertThat(documented).as("exactly these errors").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(operation.has("requestBody")).isFalse();
    }

    private static void assertErrorsAndSecurity(JsonNode operation, String method, String path, String errors) {
        for (String error : errors.split(";")) {
            String status = error.substring(0, 3);
            String message = error.substring(4);
            List<String> documented = new ArrayList<>();
            operation.path("responses").path(status).path("content").path("application/json").path("examples")
                    .forEach(example -> {
                        assertThat(example.path("value").path("success").asBoolean(true)).isFalse();
                        documented.add(example.path("value").path("error").asText());
                    });
            assertThat(documented).as("%s %s: %s", method, path, status).contains(message);
        }

        boolean needsToken = errors.contains("401:");
        assertThat(operation.path("security").toString().contains("token")).as("security").isEqualTo(needsToken);
    }

    /** Every route a controller maps is documented, with its method, and nothing else is. */
    @Test
    void theDocumentedRoutesAreTheRoutesSpringMaps() throws Exception {
        AntPathMatcher globs = new AntPathMatcher();
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(path -> undocumented.stream().noneMatch(glob -> globs.match(glob, path)))
                .forEach(path -> {
                    if (info.getMethodsCondition().getMethods().isEmpty()) {
                        mapped.add("any " + path); // never documented: a route must say its method
                    }
                    info.getMethodsCondition().getMethods().forEach(method ->
                            mapped.add(method.name().toLowerCase(Locale.ROOT) + " " + path));
                }));
        Set<String> documented = new TreeSet<>();
        document().path("paths").fields().forEachRemaining(item -> item.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method + " " + item.getKey())));
        assertThat(mapped).hasSizeGreaterThan(15);
        assertThat(documented).isEqualTo(mapped);
    }

    @Test
    void theTokenIsAnApiKeyInTheAuthorizationHeaderAndOnlyKnownRoutesAreListed() throws Exception {
        JsonNode document = document();
        JsonNode scheme = document.path("components").path("securitySchemes").path("token");
        assertThat(scheme.path("type").asText()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asText()).isEqualTo("header");
        assertThat(scheme.path("name").asText()).isEqualTo("Authorization");
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrder("/auth/signup", "/signup", "/auth/login", "/login", "/auth/me",
                "/me", "/class", "/class/{id}/add-student", "/class/{id}", "/students", "/class/{id}/my-attendance",
                "/attendance/start",
                // extensions beyond the contract (the caller's classes, history, audit, analytics)
                "/classes", "/class/{id}/sessions", "/class/{id}/sessions/{sessionId}", "/class/{id}/my-attendance/history",
                "/class/{id}/attendance.csv", "/class/{id}/analytics", "/class/{id}/audit");
        String text = document.toString();
        assertThat(text).contains("Route not found", "Method not allowed", "Internal server error");
        // every route can meet a database outage
        document.path("paths").forEach(item -> item.forEach(operation -> assertThat(operation.path("responses")
                .path("503").path("content").path("application/json").path("examples").toString())
                .contains("Service unavailable")));
        // every operation went through the customizer: no springdoc default (untyped envelope, */* content) is left
        assertThat(document.path("components").path("schemas").has("Envelope")).isFalse();
        assertThat(text).doesNotContain("*/*");
        document.path("paths").forEach(item -> item.forEach(operation -> {
            assertThat(operation.path("summary").asText()).isNotBlank();
            assertThat(operation.path("tags").toString()).doesNotContain("-controller");
        }));
        document.findValues("$ref").forEach(ref -> assertThat(document.path("components").path("schemas")
                .has(ref.asText().substring("#/components/schemas/".length()))).as("%s resolves", ref).isTrue());
    }

    /** Every example in the document (request bodies, successes, errors) is valid against its own schema. */
    @Test
    void everyExampleMatchesItsSchema() throws Exception {
        JsonNode document = document();
        SchemaCheck schemas = new SchemaCheck(document);
        int checked = 0;
        for (JsonNode item : document.path("paths")) {
            for (JsonNode operation : item) {
                List<JsonNode> contents = new ArrayList<>();
                contents.add(operation.path("requestBody").path("content"));
                operation.path("responses").forEach(response -> contents.add(response.path("content")));
                for (JsonNode content : contents) {
                    for (JsonNode media : content) {
                        if (media.has("example")) {
                            schemas.assertValid(media.path("schema"), media.path("example"), "example");
                            checked++;
                        }
                        for (JsonNode example : media.path("examples")) {
                            schemas.assertValid(media.path("schema"), example.path("value"), "example");
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    private static final String NO_SUCH_ID = "0123456789abcdef01234567";

    /**
     * Real calls against a class with a history, for each extension route: the allowed caller's answer and the
     * documented example match the documented schema; every caller, class, session and query value that can go
     * wrong answers exactly the documented errors (500 aside), and two faults at once answer the earlier check's
     * error; the documented limits and defaults of the query parameters are the enforced ones.
     */
    @TestFactory
    Stream<DynamicTest> theExtensionRoutesAnswerWhatTheDocumentSays() throws Exception {
        JsonNode document = document();
        Day day = Day.of(new ApiClient(port), largestDefault(document) + 5);
        return EXTENSION_ROUTES.keySet().stream().map(path -> DynamicTest.dynamicTest(path,
                () -> checkAgainstRealCalls(document, path, day)));
    }

    /** A class with a finalized, a superseded and a finalized session, more marks than any page, and a stranger. */
    private record Day(ApiClient.User owner, ApiClient.User otherTeacher, ApiClient.User enrolled,
                       ApiClient.User outsider, String classId, String sessionId, String foreignSessionId) {

        static Day of(ApiClient api, int marks) {
            ApiClient.User owner = api.signupAndLogin("Owner", "teacher");
            ApiClient.User other = api.signupAndLogin("Other", "teacher");
            ApiClient.User sam = api.signupAndLogin("Sam", "student");
            ApiClient.User outsider = api.signupAndLogin("Outsider", "student");
            String classId = api.createClass(owner, "Math 101");
            api.enrol(owner, classId, sam);
            String last;
            try (SocketClient socket = SocketClient.connect(api.port(), owner.token())) {
                api.start(owner, classId);
                mark(socket, sam, "present");
                mark(socket, sam, "absent");
                done(socket);
                api.start(owner, classId);
                mark(socket, sam, "present");
                last = api.start(owner, classId).data().path("sessionId").asText(); // supersedes
                ApiClient.User late = api.signupAndLogin("=Lee, \"Jo\"", "student"); // quoted and escaped in CSV
                api.enrol(owner, classId, late);
                for (int i = 0; i < marks; i++) {
                    mark(socket, late, i % 2 == 0 ? "present" : "absent");
                }
                done(socket); // sam absent automatically
            }
            String foreign = api.start(other, api.createClass(other, "Art")).data().path("sessionId").asText();
            return new Day(owner, other, sam, outsider, classId, last, foreign);
        }

        private static void mark(SocketClient socket, ApiClient.User student, String status) {
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", status));
            socket.next("ATTENDANCE_MARKED");
        }

        private static void done(SocketClient socket) {
            socket.send("DONE", null);
            socket.next("DONE");
        }
    }

    private static int largestDefault(JsonNode document) {
        int largest = 0;
        for (String path : EXTENSION_ROUTES.keySet()) {
            for (JsonNode parameter : document.path("paths").path(path).path("get").path("parameters")) {
                largest = Math.max(largest, parameter.path("schema").path("default").asInt(0));
            }
        }
        return largest;
    }

    private void checkAgainstRealCalls(JsonNode document, String path, Day day) throws Exception {
        JsonNode operation = document.path("paths").path(path).path("get");
        SchemaCheck schemas = new SchemaCheck(document);
        boolean forStudents = operation.path("responses").toString().contains("Forbidden, student access required");
        String caller = (forStudents ? day.enrolled() : day.owner()).token();
        String route = path.replace("{id}", day.classId()).replace("{sessionId}", day.sessionId());

        // the allowed caller: the documented success, answer and example valid against the documented schema
        String success = operation.path("responses").fieldNames().next();
        Map.Entry<String, JsonNode> media = operation.path("responses").path(success).path("content").fields().next();
        HttpResponse<String> answer = get(route, caller);
        assertThat(answer.statusCode()).as("%s: %s", route, answer.body()).isEqualTo(Integer.parseInt(success));
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith(media.getKey());
        JsonNode schema = media.getValue().path("schema");
        if (media.getKey().equals("application/json")) {
            schemas.assertValid(schema, JSON.readTree(answer.body()), path + " answer");
        } else {
            schemas.assertValid(schema, TextNode.valueOf(answer.body()), path + " answer");
            operation.path("responses").path(success).path("headers").fields().forEachRemaining(header ->
                    schemas.assertValid(header.getValue().path("schema"),
                            TextNode.valueOf(answer.headers().firstValue(header.getKey()).orElse("")),
                            header.getKey()));
        }
        schemas.assertValid(schema, media.getValue().path("example"), path + " example");

        // every way to go wrong; each answer is either the success or a documented envelope
        Set<String> answered = new TreeSet<>();
        List<String> tokens = new ArrayList<>();
        tokens.add(null);
        tokens.addAll(List.of(day.owner().token(), day.otherTeacher().token(), day.enrolled().token(),
                day.outsider().token()));
        List<String> sessions = path.contains("{sessionId}")
                ? List.of(day.sessionId(), NO_SUCH_ID, day.foreignSessionId(), "nope") : List.of("");
        for (String token : tokens) {
            for (String classId : List.of(day.classId(), NO_SUCH_ID, "nope")) {
                for (String sessionId : sessions) {
                    String probe = path.replace("{id}", classId).replace("{sessionId}", sessionId);
                    answered.addAll(outcome(operation, schemas, success, probe, token));
                }
            }
        }
        List<String> badQueries = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("query")) {
                answered.addAll(checkQuery(operation, schemas, success, route, caller, parameter.path("name").asText(),
                        parameter.path("schema"), badQueries));
            }
        }

        Set<String> documented = new TreeSet<>();
        operation.path("responses").fields().forEachRemaining(response -> response.getValue().path("content")
                .path("application/json").path("examples").forEach(example ->
                        documented.add(response.getKey() + ":" + example.path("value").path("error").asText())));
        documented.remove("500:Internal server error"); // nothing should provoke it
        documented.remove("503:Service unavailable"); // the database is up (DatabaseOutageTest cuts it)
        assertThat(answered).as("%s: the errors answered are the documented ones", path).isEqualTo(documented);
        checkOrder(operation, schemas, success, path, day, forStudents, badQueries);
    }

    /** One request: who calls, on which class and session, with which query. */
    private record Call(String token, String classId, String sessionId, String query) {
        String path(String template) {
            return template.replace("{id}", classId).replace("{sessionId}", sessionId) + query;
        }
    }

    /**
     * Each fault alone (a caller without a token, of the other role, a stranger; an unknown class; an unknown
     * session; each bad query value) answers one error; any two faults of different kinds answer the error that
     * comes first in the order of the checks.
     */
    private void checkOrder(JsonNode operation, SchemaCheck schemas, String success, String path, Day day,
                            boolean forStudents, List<String> badQueries) throws Exception {
        ApiClient.User allowed = forStudents ? day.enrolled() : day.owner();
        Call good = new Call(allowed.token(), day.classId(), day.sessionId(), "");
        Map<String, List<Call>> faults = new LinkedHashMap<>(); // kind -> calls with that fault only
        faults.put("token", List.of(new Call(null, good.classId(), good.sessionId(), ""),
                new Call((forStudents ? day.owner() : day.enrolled()).token(), good.classId(), good.sessionId(), ""),
                new Call((forStudents ? day.outsider() : day.otherTeacher()).token(), good.classId(),
                        good.sessionId(), "")));
        faults.put("class", List.of(new Call(good.token(), NO_SUCH_ID, good.sessionId(), "")));
        if (path.contains("{sessionId}")) {
            faults.put("session", List.of(new Call(good.token(), good.classId(), NO_SUCH_ID, "")));
        }
        faults.put("query", badQueries.stream().map(query -> new Call(good.token(), good.classId(), good.sessionId(),
                "?" + query)).toList());
        List<String> order = List.of(EXTENSION_ROUTES.get(path).split(";"));
        List<String> kinds = new ArrayList<>(faults.keySet());
        for (int i = 0; i < kinds.size(); i++) {
            for (int j = i + 1; j < kinds.size(); j++) {
                for (Call first : faults.get(kinds.get(i))) {
                    for (Call second : faults.get(kinds.get(j))) {
                        String one = only(outcome(operation, schemas, success, first.path(path), first.token()));
                        String other = only(outcome(operation, schemas, success, second.path(path), second.token()));
                        Call both = new Call(
                                Objects.equals(first.token(), good.token()) ? second.token() : first.token(),
                                first.classId().equals(good.classId()) ? second.classId() : first.classId(),
                                first.sessionId().equals(good.sessionId()) ? second.sessionId() : first.sessionId(),
                                first.query() + second.query());
                        String expected = order.indexOf(one) <= order.indexOf(other) ? one : other;
                        assertThat(only(outcome(operation, schemas, success, both.path(path), both.token())))
                                .as("%s with %s and %s", both.path(path), one, other).isEqualTo(expected);
                    }
                }
            }
        }
    }

    private static String only(Set<String> outcome) {
        assertThat(outcome).hasSize(1);
        return outcome.iterator().next();
    }

    /**
     * The documented limits are the enforced ones: values at the bounds succeed, values past them (or of the wrong
     * type, or too long) are errors; leaving out a parameter with a default is passing its default; a cursor from
     * a page leads to the next page. Answers the errors seen.
     */
    private Set<String> checkQuery(JsonNode operation, SchemaCheck schemas, String success, String route,
                                   String caller, String name, JsonNode schema, List<String> badQueries)
            throws Exception {
        Map<String, Boolean> values = new LinkedHashMap<>(); // value -> must succeed (null: either)
        boolean numeric = !schema.path("type").asText().equals("string");
        values.put("x", numeric ? false : null);
        values.put("", numeric ? false : null);
        if (schema.has("minimum")) {
            values.put(schema.path("minimum").asText(), true);
            values.put(schema.path("minimum").decimalValue().subtract(step(schema)).toPlainString(), false);
        }
        if (schema.has("maximum")) {
            values.put(schema.path("maximum").asText(), true);
            values.put(schema.path("maximum").decimalValue().add(step(schema)).toPlainString(), false);
        }
        if (schema.has("maxLength")) {
            values.put("a".repeat(schema.path("maxLength").asInt()), true);
            values.put("a".repeat(schema.path("maxLength").asInt() + 1), false);
        }
        Set<String> errors = new TreeSet<>();
        for (Map.Entry<String, Boolean> value : values.entrySet()) {
            String query = name + "=" + URLEncoder.encode(value.getKey(), StandardCharsets.UTF_8);
            Set<String> outcome = outcome(operation, schemas, success, route + "?" + query, caller);
            if (!outcome.isEmpty()) {
                badQueries.add(query);
            }
            if (value.getValue() != null) {
                assertThat(outcome.isEmpty()).as("%s?%s succeeds", route, query).isEqualTo(value.getValue());
            }
            errors.addAll(outcome);
        }
        String plain = get(route, caller).body();
        if (schema.has("default")) {
            String byDefault = get(route + "?" + name + "=" + schema.path("default").asText(), caller).body();
            String other = get(route + "?" + name + "=" + schema.path("default").decimalValue().add(step(schema)),
                    caller).body();
            assertThat(plain).as("%s: leaving out %s is passing its default", route, name).isEqualTo(byDefault)
                    .isNotEqualTo(other);
        }
        JsonNode next = JSON.readTree(plain).path("data").path("nextCursor");
        if (name.equals("cursor")) {
            assertThat(next.isTextual()).as("%s has a second page", route).isTrue();
            String probe = route + "?cursor=" + URLEncoder.encode(next.asText(), StandardCharsets.UTF_8);
            assertThat(outcome(operation, schemas, success, probe, caller)).as(probe).isEmpty();
            assertThat(get(probe, caller).body()).isNotEqualTo(plain);
        }
        return errors;
    }

    private static BigDecimal step(JsonNode schema) {
        return schema.path("type").asText().equals("integer") ? BigDecimal.ONE : new BigDecimal("0.01");
    }

    /** One call: nothing if it answered the documented success, else its error as status:message. */
    private Set<String> outcome(JsonNode operation, SchemaCheck schemas, String success, String path, String token)
            throws Exception {
        HttpResponse<String> response = get(path, token);
        if (String.valueOf(response.statusCode()).equals(success)) {
            return Set.of();
        }
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as("%s: error type", path)
                .startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        JsonNode documented = operation.path("responses").path(String.valueOf(response.statusCode()))
                .path("content").path("application/json").path("schema");
        assertThat(documented.isMissingNode()).as("%s: status %s documented (%s)", path, response.statusCode(),
                response.body()).isFalse();
        schemas.assertValid(documented, body, path + " error");
        return Set.of(response.statusCode() + ":" + body.path("error").asText());
    }

    @Test
    void docsLeadsToSwaggerUi() throws Exception {
        HttpResponse<String> response = get("/docs");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(response.body()).containsIgnoringCase("swagger");
        assertThat(get("/swagger-ui/swagger-initializer.js").body()).contains("/docs/openapi.json/swagger-config");
        assertThat(get("/docs/openapi.json/swagger-config").body()).contains("\"url\":\"/docs/openapi.json\"");
    }

    @Test
    void anUnknownPathUnderDocsIsStillTheEnvelope() throws Exception {
        for (String path : List.of("/docs/nope", "/docs/openapi.yml", "/swagger-ui/nope.html")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("Route not found");
        }
    }
}
