package io.rollcall.app.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.app.support.RollcallTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at /docs/openapi.json documents every route of the contract, with the contract's
 * error strings under the right statuses, and /docs leads to Swagger UI. The routes Rollcall adds are documented
 * the same way, with their query parameters.
 */
@RollcallTest
class OpenApiDocTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

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
            "post|/auth/signup|201|400:Invalid request schema;400:Email already exists",
            "post|/signup|201|400:Invalid request schema;400:Email already exists",
            "post|/auth/login|200|400:Invalid request schema;400:Invalid email or password",
            "post|/login|200|400:Invalid request schema;400:Invalid email or password",
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
                // extensions beyond the contract (history, audit, analytics)
                "/class/{id}/sessions", "/class/{id}/sessions/{sessionId}", "/class/{id}/my-attendance/history",
                "/class/{id}/attendance.csv", "/class/{id}/analytics", "/class/{id}/audit");
        String text = document.toString();
        assertThat(text).contains("Route not found", "Method not allowed", "Internal server error");
        // every operation went through the customizer: no springdoc default (untyped envelope, */* content) is left
        assertThat(document.path("components").path("schemas").has("ApiResponse")).isFalse();
        assertThat(text).doesNotContain("*/*");
        document.path("paths").forEach(item -> item.forEach(operation -> {
            assertThat(operation.path("summary").asText()).isNotBlank();
            assertThat(operation.path("tags").toString()).doesNotContain("-controller");
        }));
        document.findValues("$ref").forEach(ref -> assertThat(document.path("components").path("schemas")
                .has(ref.asText().substring("#/components/schemas/".length()))).as("%s resolves", ref).isTrue());
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
