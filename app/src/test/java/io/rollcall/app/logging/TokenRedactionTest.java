package io.rollcall.app.logging;

import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ProxiedDatabaseTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JWT never reaches the log, though the WebSocket URL carries it as {@code ?token=}: not when the handshake
 * fails inside the token check (here: its user lookup, with the database cut), and not when any code logs a
 * URL, a JWT or an exception quoting one.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenRedactionTest extends ProxiedDatabaseTest {

    private static final Logger log = LoggerFactory.getLogger(TokenRedactionTest.class);

    @LocalServerPort
    int port;

    @Test
    void aHandshakeFailingInTheUserLookupLogsTheUrlWithoutItsToken(CapturedOutput output) {
        ApiClient.User student = new ApiClient(port).signupAndLogin("Logged Student", "student");
        DATABASE_LINE.cut();
        try (SocketClient socket = SocketClient.connect(port, student.token())) {
            socket.next(); // whatever the server answers an upgrade it cannot authenticate
        } catch (RuntimeException | AssertionError refused) {
            // a failed upgrade is an answer too
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getAll().contains("/ws?token=REDACTED"));
        assertNoSecretOf(student.token(), output);
    }

    @Test
    void anythingLoggedWithATokenIsRedacted(CapturedOutput output) {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
        log.warn("Uncaught failure for request http://127.0.0.1/ws?token={}&classId=1", "opaque-secret-value");
        log.warn("Authorization header was {}", jwt);
        log.error("Handshake failed", new IllegalStateException("while reading /ws?token=opaque-secret-value",
                new RuntimeException("Bearer " + jwt)));

        assertThat(output.getAll()).contains("/ws?token=REDACTED&classId=1", "Authorization header was REDACTED",
                "while reading /ws?token=REDACTED", "Handshake failed");
        assertThat(output.getAll()).doesNotContain("opaque-secret-value");
        assertNoSecretOf(jwt, output);
    }

    private static void assertNoSecretOf(String jwt, CapturedOutput output) {
        String[] parts = jwt.split("\\.");
        assertThat(output.getAll()).doesNotContain(parts[1]).doesNotContain(parts[2]);
    }
}
