package io.rollcall.app.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.Classroom;
import io.rollcall.app.support.HardenedSocketTest;
import io.rollcall.app.support.RawSocket;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.rollcall.app.ws.Live.NO_SESSION;
import static io.rollcall.app.ws.Live.UNAUTHORIZED;
import static io.rollcall.app.ws.Live.UNKNOWN_EVENT;
import static io.rollcall.app.ws.Live.assertError;
import static io.rollcall.app.ws.Live.assertNextError;
import static io.rollcall.app.ws.Live.assertReceivedNothing;
import static io.rollcall.app.ws.Live.assertSummary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The socket limits of issue 9, with the small values of {@link HardenedSocketTest}: a message rate per socket,
 * a cap on sockets per user, pings and the idle timeout, the close at token expiry, and TODAY_SUMMARY coalesced.
 */
@HardenedSocketTest
class SocketLimitsTest {

    private static final String TOO_MANY = "Too many requests";

    @LocalServerPort
    int port;

    @Test
    void framesBeyondTheRateAreRefusedAndSustainedAbuseClosesTheSocketWith1008() throws Exception {
        ApiClient api = new ApiClient(port);
        ApiClient.User student = api.signupAndLogin("Spammer", "student");
        try (SocketClient spammer = SocketClient.connect(port, student.token());
             SocketClient bystander = SocketClient.connect(port, student.token())) {
            // the rate's tokens, then refusals (a token may refill meanwhile: a handled frame is still fine)
            int handled = 0;
            JsonNode reply;
            do {
                spammer.send("PROBE", null);
                reply = spammer.next();
                handled++;
            } while (UNKNOWN_EVENT.equals(reply.path("data").path("message").asText()));
            assertError(reply, TOO_MANY, "reply beyond the rate");
            assertThat(handled - 1).as("frames handled before the first refusal, besides the connect's probe")
                    .isGreaterThanOrEqualTo(HardenedSocketTest.MESSAGES_PER_MINUTE - 1);

            // keeps going: refused until the refusals run out, then closed as a policy violation
            for (int i = 0; i < 3 * HardenedSocketTest.REFUSALS_BEFORE_CLOSE && !spammer.closed().isDone(); i++) {
                try {
                    spammer.send("PROBE", null);
                } catch (CompletionException closedMeanwhile) {
                    break; // the server's close arrived after the check: the close code below tells why
                }
            }
            assertThat(spammer.closed().get(10, TimeUnit.SECONDS)).as("close code").isEqualTo(1008);

            // the limit is per socket: another socket of the same user is served
            bystander.send("MY_ATTENDANCE", null);
            assertNextError(bystander, NO_SESSION);
        }
    }

    @Test
    void aUserBeyondTheirSocketCapIsRefusedWith1008AndAFreedPlaceCanBeTakenAgain() throws Exception {
        ApiClient api = new ApiClient(port);
        ApiClient.User student = api.signupAndLogin("Many Tabs", "student");
        ApiClient.User other = api.signupAndLogin("One Tab", "student");
        List<SocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < HardenedSocketTest.SOCKETS_PER_USER; i++) {
                SocketClient socket = SocketClient.connect(port, student.token());
                open.add(socket);
                socket.send("MY_ATTENDANCE", null);
                assertNextError(socket, NO_SESSION); // registered before the next one connects
            }
            try (SocketClient extra = SocketClient.connect(port, student.token())) {
                assertError(extra.next(), TOO_MANY, "the socket beyond the cap");
                assertThat(extra.closed().get(10, TimeUnit.SECONDS)).as("close code").isEqualTo(1008);
            }
            try (SocketClient someoneElse = SocketClient.connect(port, other.token())) {
                someoneElse.send("MY_ATTENDANCE", null);
                assertNextError(someoneElse, NO_SESSION);
            }
            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (SocketClient again = SocketClient.connect(port, student.token())) {
                    again.send("MY_ATTENDANCE", null);
                    assertNextError(again, NO_SESSION);
                }
            });
        } finally {
            open.forEach(SocketClient::close);
        }
    }

    @Test
    void aPeerThatAnswersNoPingIsClosedWhileALiveOneStaysOpen() {
        ApiClient api = new ApiClient(port);
        ApiClient.User student = api.signupAndLogin("Pinged", "student");
        try (SocketClient alive = SocketClient.connect(port, student.token());
             RawSocket dead = RawSocket.connect(port, student.token())) {
            // the dead peer never answers: pings, then the close for idleness (1001 going away)
            boolean pinged = false;
            RawSocket.Frame frame;
            while ((frame = dead.read()).opcode() == RawSocket.PING) {
                pinged = true;
            }
            assertThat(pinged).as("pinged before the close").isTrue();
            assertThat(frame.opcode()).as("opcode of %s", frame.text()).isEqualTo(RawSocket.CLOSE);
            assertThat(frame.closeCode()).isEqualTo(1001);

            // the live peer answered every ping (the JDK client does), connected earlier, and is still served
            assertThat(alive.closed()).isNotDone();
            alive.send("MY_ATTENDANCE", null);
            assertNextError(alive, NO_SESSION);
        }
    }

    @Test
    void aSocketIsToldAndClosedWith1008WhenItsTokenExpires() throws Exception {
        ApiClient api = new ApiClient(port);
        ApiClient.User student = api.signupAndLogin("Short Token", "student");
        Instant now = Instant.now();
        String shortLived = Jwts.builder()
                .claim("userId", student.id())
                .claim("role", "student")
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plusSeconds(5)))
                .signWith(Keys.hmacShaKeyFor(RollcallTest.JWT_SECRET.getBytes(StandardCharsets.UTF_8)),
                        Jwts.SIG.HS256)
                .compact();
        try (SocketClient socket = SocketClient.connect(port, shortLived);
             SocketClient longLived = SocketClient.connect(port, student.token())) {
            socket.send("MY_ATTENDANCE", null);
            assertNextError(socket, NO_SESSION); // accepted while the token is valid
            assertError(socket.next(), UNAUTHORIZED, "when the token expired");
            assertThat(socket.closed().get(10, TimeUnit.SECONDS)).as("close code").isEqualTo(1008);
            // the user's socket with a valid token is not touched
            longLived.send("MY_ATTENDANCE", null);
            assertNextError(longLived, NO_SESSION);
        }
    }

    @Test
    void aBurstOfSummariesIsBroadcastAtOnceAndThenOnceAtTheEndOfTheInterval() {
        ApiClient api = new ApiClient(port);
        Classroom room = Classroom.create(api, "Coalesced", 1);
        Live.startSession(api, room.teacher(), room.classId());
        try (SocketClient teacher = SocketClient.connect(port, room.teacher().token());
             SocketClient student = SocketClient.connect(port, room.student(0).token())) {
            for (int i = 0; i < 20; i++) {
                teacher.send("TODAY_SUMMARY", null);
            }
            // the first request at once, the other 19 folded into one broadcast at the end of the interval
            assertSummary(student.next(), 0, 0);
            assertSummary(student.next(), 0, 0);
            assertSummary(teacher.next(), 0, 0);
            assertSummary(teacher.next(), 0, 0);

            // then a mark and one more summary: if any of the burst's broadcasts were left, they would come before
            Live.mark(teacher, room.student(0), "present");
            Live.assertMarked(teacher.next(), room.student(0), "present");
            Live.assertMarked(student.next(), room.student(0), "present");
            teacher.send("TODAY_SUMMARY", null);
            assertSummary(student.next(), 1, 0);
            assertSummary(teacher.next(), 1, 0);
            assertReceivedNothing(student);
        }
    }
}
