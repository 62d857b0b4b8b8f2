package io.rollcall.app.security;

import com.mongodb.client.MongoDatabase;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.Reply;
import io.rollcall.app.support.RollcallTest;
import io.rollcall.app.support.SocketClient;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged, mangled and oversized tokens over real HTTP (and the WebSocket): each one is refused with the
 * contract's 401, a teacher-only write made with it changes nothing, and the server stays healthy. A token
 * built the same way but valid is accepted (the control), so every refusal is about the one thing each case
 * breaks.
 */
@RollcallTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtFuzzTest {

    private static final String UNAUTHORIZED = "Unauthorized, token missing or invalid";
    private static final byte[] SECRET = RollcallTest.JWT_SECRET.getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;

    ApiClient api;
    ApiClient.User teacher;

    @BeforeAll
    void teacher() {
        api = new ApiClient(port);
        teacher = api.signupAndLogin("Fuzz Teacher", "teacher");
    }

    /** The claims of a genuine token for the teacher, issued {@code iatOffset} from now, living {@code life}. */
    private String claims(Duration iatOffset, Duration life) {
        long iat = Instant.now().plus(iatOffset).getEpochSecond();
        return "{\"userId\":\"" + teacher.id() + "\",\"role\":\"teacher\",\"iat\":" + iat + ",\"exp\":"
                + (iat + life.toSeconds()) + "}";
    }

    private String validClaims() {
        return claims(Duration.ZERO, Duration.ofHours(24));
    }

    Stream<Arguments> forgeries() throws Exception {
        String good = hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", validClaims(), "HmacSHA256", SECRET);
        String[] parts = good.split("\\.");
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        Date now = new Date();
        Date tomorrow = Date.from(Instant.now().plus(Duration.ofHours(24)));
        return Stream.of(
                Arguments.of("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(validClaims()) + "."),
                Arguments.of("alg None, signature kept", b64("{\"alg\":\"None\"}") + "." + parts[1] + "." + parts[2]),
                Arguments.of("HS384 with the same secret",
                        hmac("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", validClaims(), "HmacSHA384", SECRET)),
                Arguments.of("HS512 with the same secret",
                        hmac("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", validClaims(), "HmacSHA512", SECRET)),
                Arguments.of("HS256 signature under an RS256 header",
                        hmac("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", validClaims(), "HmacSHA256", SECRET)),
                Arguments.of("RS256 with its own key", Jwts.builder().claim("userId", teacher.id())
                        .claim("role", "teacher").issuedAt(now).expiration(tomorrow)
                        .signWith(rsa.generateKeyPair().getPrivate(), Jwts.SIG.RS256).compact()),
                Arguments.of("ES256 with its own key", Jwts.builder().claim("userId", teacher.id())
                        .claim("role", "teacher").issuedAt(now).expiration(tomorrow)
                        .signWith(ec.generateKeyPair().getPrivate(), Jwts.SIG.ES256).compact()),
                Arguments.of("compressed payload", Jwts.builder().claim("userId", teacher.id())
                        .claim("role", "teacher").issuedAt(now).expiration(tomorrow).compressWith(Jwts.ZIP.DEF)
                        .signWith(Keys.hmacShaKeyFor(SECRET), Jwts.SIG.HS256).compact()),
                Arguments.of("no exp", hs256("{\"userId\":\"" + teacher.id() + "\",\"role\":\"teacher\",\"iat\":"
                        + Instant.now().getEpochSecond() + "}")),
                Arguments.of("no iat", hs256("{\"userId\":\"" + teacher.id() + "\",\"role\":\"teacher\",\"exp\":"
                        + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}")),
                Arguments.of("iat ten minutes ahead", hs256(claims(Duration.ofMinutes(10), Duration.ofHours(24)))),
                Arguments.of("expired a second ago", hs256(claims(Duration.ofHours(-24).minusSeconds(1),
                        Duration.ofHours(24)))),
                Arguments.of("lives a year", hs256(claims(Duration.ZERO, Duration.ofDays(365)))),
                Arguments.of("exp not a number", hs256("{\"userId\":\"" + teacher.id() + "\",\"iat\":"
                        + Instant.now().getEpochSecond() + ",\"exp\":\"tomorrow\"}")),
                Arguments.of("userId an object", hs256("{\"userId\":{\"$ne\":null},\"iat\":"
                        + Instant.now().getEpochSecond() + ",\"exp\":" + tomorrow.toInstant().getEpochSecond() + "}")),
                Arguments.of("signed with another secret", hmac("{\"alg\":\"HS256\"}", validClaims(), "HmacSHA256",
                        "another-secret-that-is-also-thirty-two-bytes-long".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("signature of another payload", parts[0] + "." + b64(claims(Duration.ZERO,
                        Duration.ofHours(48))) + "." + parts[2]),
                Arguments.of("signature flipped", parts[0] + "." + parts[1] + "."
                        + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1)),
                Arguments.of("truncated signature", good.substring(0, good.length() - 1)),
                Arguments.of("no signature", parts[0] + "." + parts[1] + "."),
                Arguments.of("header and payload only", parts[0] + "." + parts[1]),
                Arguments.of("header only", parts[0]),
                Arguments.of("cut in the payload", good.substring(0, parts[0].length() + 10)),
                Arguments.of("five parts, as a JWE", good + ".AAAA.BBBB"),
                Arguments.of("critical extension", hmac("{\"alg\":\"HS256\",\"crit\":[\"x-bank\"],\"x-bank\":1}",
                        validClaims(), "HmacSHA256", SECRET)),
                Arguments.of("header not JSON", b64("not json") + "." + parts[1] + "." + parts[2]),
                Arguments.of("header a JSON array", b64("[\"HS256\"]") + "." + parts[1] + "." + parts[2]),
                Arguments.of("dots only", "..."),
                Arguments.of("non-ASCII", "ëyJhbGciOiJIUzI1NiJ9.é.ü"),
                Arguments.of("oversized but well signed", hs256("{\"userId\":\"" + teacher.id()
                        + "\",\"role\":\"teacher\",\"pad\":\"" + "x".repeat(4_000) + "\",\"iat\":"
                        + Instant.now().getEpochSecond() + ",\"exp\":" + tomorrow.toInstant().getEpochSecond() + "}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aForgedTokenIsRefusedAndChangesNothing(String name, String token) {
        for (String header : new String[] {token, "Bearer " + token}) {
            assertUnauthorized(api.get("/auth/me", header));
            assertUnauthorized(api.post("/class", header, Map.of("className", "Forged " + name)));
        }
        assertThat(database.getCollection("classes").countDocuments(new Document("className", "Forged " + name)))
                .as("no class was created with a forged token").isZero();
        assertStillHealthy();
    }

    @Test
    void theControlsAreAccepted() {
        // the same construction as the forgeries, but valid: the refusals above are not about how they are built
        String handMade = hs256(validClaims());
        String slightlyAhead = hs256(claims(Duration.ofSeconds(30), Duration.ofHours(24)));
        for (String token : new String[] {handMade, slightlyAhead, teacher.token()}) {
            Reply me = api.get("/auth/me", token);
            assertThat(me.status()).as("%s", me).isEqualTo(200);
            assertThat(me.data().path("_id").asText()).isEqualTo(teacher.id());
        }
    }

    @Test
    void aHeaderTooLargeForTheServerIsRefusedWithoutAServerError() {
        Reply reply = api.get("/auth/me", "Bearer " + "a".repeat(20_000));
        assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
        assertThat(reply.success()).isFalse();
        assertStillHealthy();
    }

    @Test
    void aSocketWithAForgedTokenGetsTheErrorThenIsClosed() throws Exception {
        String hs512 = hmac("{\"alg\":\"HS512\"}", validClaims(), "HmacSHA512", SECRET);
        String oversized = hs256("{\"userId\":\"" + teacher.id() + "\",\"pad\":\"" + "x".repeat(4_000)
                + "\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":"
                + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}");
        for (String token : new String[] {hs512, oversized}) {
            try (SocketClient socket = SocketClient.connect(port, token)) {
                var frame = socket.next();
                assertThat(frame.path("event").asText()).isEqualTo("ERROR");
                assertThat(frame.path("data").path("message").asText()).isEqualTo("Unauthorized or invalid token");
                assertThat(socket.closed().get(10, TimeUnit.SECONDS)).isNotNull();
            }
        }
        assertStillHealthy();
    }

    private void assertStillHealthy() {
        assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(api.get("/auth/me", teacher.token()).status()).isEqualTo(200);
    }

    private static void assertUnauthorized(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.success()).isFalse();
        assertThat(reply.error()).isEqualTo(UNAUTHORIZED);
    }

    private static String hs256(String claims) {
        return hmac("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, "HmacSHA256", SECRET);
    }

    /** A JWS signed by hand, so the header can say anything. */
    private static String hmac(String header, String claims, String algorithm, byte[] secret) {
        try {
            String signingInput = b64(header) + "." + b64(claims);
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret, algorithm));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
