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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at /docs/openapi.json documents every route of the contract, with the contract's
 * error strings under the right statuses, and /docs leads to Swagger UI.
 */
@RollcallTest
class OpenApiDocTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
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
        if (operation.has("requestBody")) {
            assertThat(operation.path("requestBody").path("content").path("application/json").has("schema")).isTrue();
            assertThat(operation.path("requestBody").path("content").path("application/json").has("example")).isTrue();
        }
        assertThat(method.equals("post")).as("request body").isEqualTo(operation.has("requestBody"));
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
                // extensions beyond the contract (history, audit, analytics), documented from their controllers
                "/class/{id}/sessions", "/class/{id}/sessions/{sessionId}", "/class/{id}/my-attendance/history",
                "/class/{id}/attendance.csv", "/class/{id}/analytics", "/class/{id}/audit");
        String text = document.toString();
        assertThat(text).contains("Route not found", "Method not allowed", "Internal server error");
        // the generic envelope (used by the extension routes) has the envelope's fields
        assertThat(document.path("components").path("schemas").path("ApiResponse").path("properties").has("success"))
                .isTrue();
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
