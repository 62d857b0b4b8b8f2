package io.rollcall.app.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.app.support.RollcallTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files are served without a token and with their cache headers, and letting them through the
 * security layer opens no API route: every protected route still answers 401 without a token, however the
 * path is spelled next to the console's.
 */
@RollcallTest
class ConsoleStaticFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHART_JS = "/webjars/chart.js/4.4.1/dist/chart.umd.js";

    @LocalServerPort
    int port;

    @Test
    void thePageIsServedAtTheRootAndUnderAppWithoutAToken() throws Exception {
        for (String path : List.of("/", "/app", "/app/", "/app/index.html")) {
            HttpResponse<String> page = get(path, null);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("<title>Rollcall</title>", "/app/js/main.js");
            assertThat(page.headers().firstValue("Cache-Control").orElse("")).as(path).contains("no-cache");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                    .as(path).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'");
        }
    }

    @Test
    void scriptsAndStylesAreRevalidatedAndAnswer304WhenUnchanged() throws Exception {
        for (String path : List.of("/app/js/main.js", "/app/js/live.js", "/app/js/teacher.js", "/app/js/student.js",
                "/app/js/charts.js", "/app/console.css")) {
            HttpResponse<String> file = get(path, null);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElse(""))
                    .as(path).matches(path.endsWith(".css") ? "text/css.*" : "(text|application)/javascript.*");
            assertThat(file.headers().firstValue("Cache-Control").orElse("")).as(path).contains("no-cache");
            String lastModified = file.headers().firstValue("Last-Modified").orElseThrow();
            HttpResponse<String> again = send(HttpRequest.newBuilder(uri(path))
                    .header("If-Modified-Since", lastModified).build());
            assertThat(again.statusCode()).as(path).isEqualTo(304);
        }
    }

    @Test
    void theChartLibraryComesFromTheJarAndIsCachedForAYear() throws Exception {
        HttpResponse<String> library = get(CHART_JS, null);
        assertThat(library.statusCode()).isEqualTo(200);
        assertThat(library.body()).contains("Chart");
        assertThat(library.headers().firstValue("Cache-Control").orElse(""))
                .contains("max-age=31536000", "public", "immutable");
        assertThat(get("/app/js/charts.js", null).body()).contains("'" + CHART_JS + "'");
    }

    @Test
    void theConsoleUsesOnlyTheProtocolsRoutesAndNoOtherHost() throws Exception {
        for (String path : List.of("/app/index.html", "/app/js/main.js", "/app/js/api.js", "/app/js/live.js",
                "/app/js/teacher.js", "/app/js/student.js", "/app/js/charts.js", "/app/console.css")) {
            String body = get(path, null).body();
            assertThat(body).as(path).doesNotContainPattern("https?://(?!\\$\\{)").doesNotContain("//cdn");
        }
        // the token is sent in a header, never put in the page's address
        assertThat(get("/app/js/api.js", null).body()).contains("Authorization");
        assertThat(get("/app/js/store.js", null).body()).contains("sessionStorage");
    }

    @Test
    void anUnknownFileIsTheUsual404Envelope() throws Exception {
        for (String path : List.of("/app/nope.js", "/app/js/../../application.properties",
                "/webjars/chart.js/nope.js")) {
            HttpResponse<String> reply = get(path, null);
            assertThat(reply.statusCode()).as(path).isIn(400, 404);
            assertThat(JSON.readTree(reply.body()).path("success").asBoolean(true)).as(path).isFalse();
        }
    }

    @Test
    void everyProtectedRouteStillNeedsAToken() throws Exception {
        String id = "6b0a46fda4323906d82bbe4b";
        List<String> getRoutes = List.of("/auth/me", "/me", "/students", "/class/" + id,
                "/class/" + id + "/my-attendance", "/class/" + id + "/my-attendance/history",
                "/class/" + id + "/sessions", "/class/" + id + "/sessions/" + id, "/class/" + id + "/audit",
                "/class/" + id + "/analytics", "/class/" + id + "/attendance.csv");
        for (String path : getRoutes) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        }
        // spelled next to the console's paths: refused or unknown, never an answer
        for (String path : List.of("/app/../students", "/app/..%2Fstudents", "/app/%2e%2e/students",
                "/app/students", "/app/class/" + id + "/audit", "/students/")) {
            HttpResponse<String> reply = get(path, null);
            assertThat(reply.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(reply.body()).as(path).startsWith("{\"success\":false");
        }
        for (String path : List.of("/class", "/class/" + id + "/add-student", "/attendance/start")) {
            HttpResponse<String> reply = send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(reply.statusCode()).as(path).isEqualTo(401);
        }
        JsonNode me = JSON.readTree(get("/auth/me", null).body());
        assertThat(me.path("error").asText()).isEqualTo("Unauthorized, token missing or invalid");
    }

    @Test
    void apiRoutesCarryNoConsolePolicyAndStayJson() throws Exception {
        HttpResponse<String> reply = get("/students", null);
        assertThat(reply.headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", token);
        }
        return send(request.build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
