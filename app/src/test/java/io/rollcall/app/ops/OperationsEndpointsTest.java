package io.rollcall.app.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health probes and the Prometheus scrape, in the shared context (OPS_TOKEN unset there: metrics are public). */
@RollcallTest
class OperationsEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void healthLivenessAndReadinessAreUpAndReadinessPingsMongo() throws Exception {
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");

        HttpResponse<String> live = get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).path("status").asText()).isEqualTo("UP");

        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        var body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("components").path("mongo").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void everyRequestGetsARequestIdAndASaneIncomingOneIsKept() throws Exception {
        HttpResponse<String> fresh = get("/health", null);
        assertThat(fresh.headers().firstValue("X-Request-Id").orElseThrow())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        HttpResponse<String> kept = send("/auth/me", "X-Request-Id", "lb-7f3a.42:x_1");
        assertThat(kept.statusCode()).isEqualTo(401);
        assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("lb-7f3a.42:x_1");

        HttpResponse<String> replaced = send("/nowhere", "X-Request-Id", "a b<script>" + "x".repeat(80));
        assertThat(replaced.statusCode()).isEqualTo(404);
        assertThat(replaced.headers().firstValue("X-Request-Id").orElseThrow())
                .hasSize(36).doesNotContain("script");
    }

    @Test
    void kubernetesDefaultProbePathsWorkToo() throws Exception {
        assertThat(get("/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongMethodOnHealthIsAnEnvelope() throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(reply.body()).path("error").asText()).isEqualTo("Method not allowed");
    }

    @Test
    void otherActuatorPathsAreNotExposedAndStillAnswerEnvelopes() throws Exception {
        // "/" is the web console's page (ConsoleStaticFilesTest), not actuator's discovery
        for (String path : new String[]{"/env", "/beans", "/health/nope", "/metrics/nope", "/actuator", "/prometheus"}) {
            HttpResponse<String> reply = get(path, null);
            assertThat(reply.statusCode()).as(path).isEqualTo(404);
            var body = JSON.readTree(reply.body());
            assertThat(body.path("success").asBoolean(true)).as(path).isFalse();
            assertThat(body.path("error").asText()).as(path).isEqualTo("Route not found");
        }
    }

    @Test
    void aShortSessionMovesTheCustomMetrics() throws Exception {
        ApiClient api = new ApiClient(port);
        double marksBefore = value(scrape(), "rollcall_marks_total", "");
        double handledBefore = value(scrape(), "rollcall_marks_handling_seconds_count", "");
        double okMarksBefore = value(scrape(), "rollcall_commands_total",
                "command=\"MarkAttendance\",outcome=\"ok\"");

        ApiClient.User teacher = api.signupAndLogin("Metrics Teacher", "teacher");
        ApiClient.User alice = api.signupAndLogin("Metrics Alice", "student");
        ApiClient.User bob = api.signupAndLogin("Metrics Bob", "student");
        ApiClient.User outsider = api.signupAndLogin("Metrics Outsider", "student");
        String classId = api.createClass(teacher, "Metrics");
        api.enrol(teacher, classId, alice);
        api.enrol(teacher, classId, bob);
        assertThat(api.start(teacher, classId).status()).isEqualTo(200);

        try (SocketClient teacherSocket = SocketClient.connect(port, teacher.token());
             SocketClient aliceSocket = SocketClient.connect(port, alice.token())) {
            teacherSocket.send("ATTENDANCE_MARKED", Map.of("studentId", alice.id(), "status", "present"));
            aliceSocket.next("ATTENDANCE_MARKED");
            teacherSocket.send("ATTENDANCE_MARKED", Map.of("studentId", bob.id(), "status", "absent"));
            aliceSocket.next("ATTENDANCE_MARKED");
            // a rejected mark: the student is not enrolled
            teacherSocket.send("ATTENDANCE_MARKED", Map.of("studentId", outsider.id(), "status", "present"));
            assertThat(teacherSocket.next("ERROR").path("data").path("message").asText())
                    .isEqualTo("Student not enrolled in class");

            String during = scrape();
            assertThat(value(during, "rollcall_sockets", "role=\"teacher\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(during, "rollcall_sockets", "role=\"student\"")).isGreaterThanOrEqualTo(1);
            assertThat(value(during, "rollcall_sessions_active", "")).isGreaterThanOrEqualTo(1);

            teacherSocket.send("DONE", null);
            teacherSocket.next("DONE");
        }

        String after = scrape();
        assertThat(value(after, "rollcall_marks_total", "")).isGreaterThanOrEqualTo(marksBefore + 2);
        assertThat(value(after, "rollcall_commands_total", "command=\"MarkAttendance\",outcome=\"ok\""))
                .isGreaterThanOrEqualTo(okMarksBefore + 2);
        assertThat(value(after, "rollcall_commands_total", "command=\"MarkAttendance\",outcome=\"rejected\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(after, "rollcall_commands_total", "command=\"FinalizeSession\",outcome=\"ok\""))
                .isGreaterThanOrEqualTo(1);
        // each accepted mark timed from its frame to its echo
        assertThat(value(after, "rollcall_marks_handling_seconds_count", ""))
                .isGreaterThanOrEqualTo(handledBefore + 2);
        assertThat(value(after, "rollcall_marks_handling_seconds_sum", "")).isPositive();
        assertThat(value(after, "rollcall_broadcast_seconds_count", "")).isGreaterThanOrEqualTo(3);
        assertThat(after).contains("rollcall_broadcast_seconds_bucket{");
        // every projection reports its lag, and each catches up with the session's events
        for (String processor : List.of("users", "classes", "sessions", "attendance", "audit", "analytics")) {
            await().untilAsserted(() -> assertThat(
                    value(scrape(), "rollcall_event_processor_lag", "processor=\"" + processor + "\"")).isZero());
        }
    }

    private String scrape() throws Exception {
        HttpResponse<String> reply = get("/metrics", null);
        assertThat(reply.statusCode()).isEqualTo(200);
        return reply.body();
    }

    /** The sample of {@code name} whose labels contain {@code labels} (any labels when empty). */
    private static double value(String exposition, String name, String labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (found.contains(labels)) {
                return Double.parseDouble(m.group(2));
            }
        }
        if (labels.contains("outcome")) {
            return 0; // a counter with these labels is only created on its first increment
        }
        throw new AssertionError("no sample " + name + " " + labels + " in:\n" + exposition);
    }

    private HttpResponse<String> send(String path, String header, String value) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header(header, value).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
