package io.rollcall.app;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 right after a mark is acknowledged: the application runs in a child JVM on the default embedded H2
 * backend and is killed forcibly (no shutdown hook, no final commit) the moment the broadcast arrives. A new
 * process on the same DATA_DIR must still have every acknowledged mark.
 */
class KillDurabilityTest {

    @TempDir
    Path dataDir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws IOException {
        processes.forEach(Process::destroyForcibly);
        // the child processes' logs outlive the temporary directory, for a failed run's diagnosis
        Path kept = Path.of("target", "kill-durability");
        Files.createDirectories(kept);
        try (var logs = Files.newDirectoryStream(dataDir, "app-*.log")) {
            for (Path log : logs) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void acknowledgedMarksSurviveAKill() throws Exception {
        int port = freePort();
        Process first = launch(port);
        ApiClient api = new ApiClient(port);
        ApiClient.User teacher = api.signupAndLogin("Teacher", "teacher");
        ApiClient.User alice = api.signupAndLogin("Alice", "student");
        ApiClient.User bob = api.signupAndLogin("Bob", "student");
        String classId = api.createClass(teacher, "Physics");
        api.enrol(teacher, classId, alice);
        api.enrol(teacher, classId, bob);
        assertThat(api.start(teacher, classId).status()).isEqualTo(200);
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", alice.id(), "status", "absent"));
            socket.next("ATTENDANCE_MARKED");
            socket.send("ATTENDANCE_MARKED", Map.of("studentId", alice.id(), "status", "present"));
            socket.next("ATTENDANCE_MARKED");
        }
        // a sign-up's claim of its email and its password hash are durable once it is answered, too
        Map<String, String> late = Map.of("name", "Late", "email", "late-" + port + "@school.test",
                "password", "secret123", "role", "student");
        assertThat(api.post("/auth/signup", null, late).status()).isEqualTo(201);
        first.destroyForcibly().waitFor(); // SIGKILL the moment the last write is acknowledged

        launch(port);
        try (SocketClient socket = SocketClient.connect(port, teacher.token())) {
            socket.send("TODAY_SUMMARY", null);
            var summary = socket.next("TODAY_SUMMARY").path("data");
            assertThat(summary.path("present").asInt()).isEqualTo(1);
            assertThat(summary.path("absent").asInt()).isEqualTo(0);
            socket.send("DONE", null);
            var done = socket.next("DONE").path("data");
            assertThat(done.path("present").asInt()).isEqualTo(1);
            assertThat(done.path("absent").asInt()).isEqualTo(1);
        }
        assertThat(api.get("/class/" + classId + "/my-attendance", alice.token()).data().path("status").asText())
                .isEqualTo("present");
        assertThat(api.get("/class/" + classId + "/my-attendance", bob.token()).data().path("status").asText())
                .isEqualTo("absent");
        assertThat(api.post("/auth/login", null, Map.of("email", late.get("email"), "password", "secret123"))
                .status()).isEqualTo(200);
        assertThat(api.post("/auth/signup", null, late).status()).isEqualTo(400); // the email stays claimed
    }

    private Process launch(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                RollcallApplication.class.getName(),
                "--server.port=" + port, "--rollcall.db-url=", "--rollcall.embedded-backend=h2",
                "--rollcall.jwt-secret=", "--rollcall.data-dir=" + dataDir,
                "--rollcall.warmup.marks=0") // the rehearsal before start-up has its own test
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("app-" + processes.size() + ".log").toFile())
                .start();
        processes.add(process);
        ApiClient api = new ApiClient(port);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> api.get("/students", null).status() == 401);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
