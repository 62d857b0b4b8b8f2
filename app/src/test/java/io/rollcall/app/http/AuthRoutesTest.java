package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.rollcall.app.support.ApiClient;
import io.rollcall.app.support.ApiClient.Reply;
import io.rollcall.app.support.RollcallTest;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.rollcall.app.http.Envelope.EMAIL_EXISTS;
import static io.rollcall.app.http.Envelope.INVALID_CREDENTIALS;
import static io.rollcall.app.http.Envelope.INVALID_SCHEMA;
import static io.rollcall.app.http.Envelope.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

/** Routes 1–3 (signup, login, me, and their aliases) and every way a token can be refused. */
@RollcallTest
class AuthRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecretKey KEY = Keys.hmacShaKeyFor(RollcallTest.JWT_SECRET.getBytes(StandardCharsets.UTF_8));
    private static final List<String> SIGNUP_ROUTES = List.of("/auth/signup", "/signup");
    private static final List<String> LOGIN_ROUTES = List.of("/auth/login", "/login");
    private static final List<String> ME_ROUTES = List.of("/auth/me", "/me");

    @LocalServerPort
    int port;

    ApiClient api;
    RawHttp raw;

    @BeforeEach
    void clients() {
        api = new ApiClient(port);
        raw = new RawHttp(port);
    }

    private static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@school.test";
    }

    private static Map<String, Object> signupBody(String name, String email, String password, String role) {
        return Map.of("name", name, "email", email, "password", password, "role", role);
    }

    // ---- signup ----

    @ParameterizedTest
    @ValueSource(strings = {"/auth/signup", "/signup"})
    void signupAnswers201WithTheUserAndNeverThePassword(String route) {
        for (String role : List.of("teacher", "student")) {
            String email = uniqueEmail("signup-" + role);
            JsonNode data = Envelope.ok(api.post(route, null, signupBody("Ada Lovelace", email, "secret123", role)),
                    201);
            Envelope.assertObjectId(data.path("_id"));
            assertThat(data.path("name").asText()).isEqualTo("Ada Lovelace");
            assertThat(data.path("email").asText()).isEqualTo(email);
            assertThat(data.path("role").asText()).isEqualTo(role);
            assertThat(data.has("password")).isFalse();
            assertThat(data.toString()).doesNotContain("secret123");
        }
    }

    @Test
    void aPasswordOfExactlySixCharactersIsEnough() {
        Envelope.ok(api.post("/auth/signup", null, signupBody("Six", uniqueEmail("six"), "123456", "student")), 201);
    }

    @Test
    void eachSignupGetsItsOwnId() {
        String a = Envelope.ok(api.post("/auth/signup", null,
                signupBody("A", uniqueEmail("a"), "secret123", "student")), 201).path("_id").asText();
        String b = Envelope.ok(api.post("/signup", null,
                signupBody("B", uniqueEmail("b"), "secret123", "student")), 201).path("_id").asText();
        assertThat(a).isNotEqualTo(b);
    }

    /** Bodies that are valid JSON objects but break the signup schema. */
    static Stream<Arguments> invalidSignupBodies() {
        String email = "\"email\":\"someone@school.test\"";
        String password = "\"password\":\"secret123\"";
        String role = "\"role\":\"student\"";
        String name = "\"name\":\"Someone\"";
        List<String> bodies = new ArrayList<>();
        // name: missing, blank, null, wrong types
        for (String n : List.of("", "\"name\":\"\",", "\"name\":\"   \",", "\"name\":null,", "\"name\":5,",
                "\"name\":true,", "\"name\":{},", "\"name\":[\"Someone\"],")) {
            bodies.add("{" + n + email + "," + password + "," + role + "}");
        }
        // email: missing, not an address, null, wrong types, operator objects
        for (String e : List.of("", "\"email\":\"\",", "\"email\":\"not-an-email\",", "\"email\":\"a@b\",",
                "\"email\":\"a b@school.test\",", "\"email\":\"@school.test\",", "\"email\":\"someone@\",",
                "\"email\":null,", "\"email\":42,", "\"email\":false,", "\"email\":{\"$gt\":\"\"},",
                "\"email\":[\"someone@school.test\"],")) {
            bodies.add("{" + name + "," + e + password + "," + role + "}");
        }
        // password: missing, too short, null, wrong types
        for (String p : List.of("", "\"password\":\"\",", "\"password\":\"12345\",", "\"password\":null,",
                "\"password\":123456,", "\"password\":123456.5,", "\"password\":true,",
                "\"password\":{\"$ne\":null},", "\"password\":[\"secret123\"],")) {
            bodies.add("{" + name + "," + email + "," + p + role + "}");
        }
        // role: missing, not teacher/student, null, wrong types
        for (String r : List.of("", "\"role\":\"\",", "\"role\":\"admin\",", "\"role\":\"Teacher\",",
                "\"role\":\"STUDENT\",", "\"role\":null,", "\"role\":1,", "\"role\":[\"teacher\"],",
                "\"role\":{\"$in\":[\"teacher\"]},")) {
            bodies.add("{" + name + "," + email + "," + password + (r.isEmpty() ? "" : "," + r.substring(0, r.length() - 1)) + "}");
        }
        bodies.add("{}");
        return SIGNUP_ROUTES.stream().flatMap(route -> bodies.stream().map(body -> Arguments.of(route, body)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidSignupBodies")
    void signupRefusesASchemaViolation(String route, String body) {
        Envelope.error(api.post(route, null, body), 400, INVALID_SCHEMA);
    }

    /** Bodies that are not a JSON object at all. */
    static Stream<Arguments> notAJsonObject() {
        List<String> bodies = List.of("", "null", "[]", "\"someone@school.test\"", "42", "true", "{", "not json",
                "{\"name\":\"A\",\"email\":\"a@school.test\",\"password\":\"secret123\",\"role\":\"student\"",
                "{'name':'A','email':'a@school.test','password':'secret123','role':'student'}");
        return SIGNUP_ROUTES.stream().flatMap(route -> bodies.stream().map(body -> Arguments.of(route, body)));
    }

    @ParameterizedTest(name = "{0} <{1}>")
    @MethodSource("notAJsonObject")
    void signupRefusesABodyThatIsNotAJsonObject(String route, String body) {
        Envelope.error(api.post(route, null, body), 400, INVALID_SCHEMA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/auth/signup", "/signup"})
    void signupWithoutAnyBodyIsRefused(String route) {
        Envelope.error(api.request("POST", route, null, "application/json", null), 400, INVALID_SCHEMA);
        Envelope.error(api.request("POST", route, null, null, null), 400, INVALID_SCHEMA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void signupRefusesAContentTypeOtherThanJson(String contentType) {
        String body = JSON.valueToTree(signupBody("Plain", uniqueEmail("plain"), "secret123", "student")).toString();
        for (String route : SIGNUP_ROUTES) {
            Envelope.error(api.request("POST", route, null, contentType, body), 400, INVALID_SCHEMA);
        }
    }

    @Test
    void signupAcceptsJsonWithACharset() {
        String body = JSON.valueToTree(signupBody("Charset", uniqueEmail("charset"), "secret123", "student"))
                .toString();
        Envelope.ok(api.request("POST", "/auth/signup", null, "application/json; charset=utf-8", body), 201);
    }

    @Test
    void signupRefusesABodyOver16Kilobytes() {
        String body = JSON.valueToTree(signupBody("x".repeat(17 * 1024), uniqueEmail("big"), "secret123",
                "student")).toString();
        for (String route : SIGNUP_ROUTES) {
            Envelope.error(api.post(route, null, body), 400, INVALID_SCHEMA);
            Envelope.error(raw.postChunked(route, null, body).reply(), 400, INVALID_SCHEMA);
        }
    }

    @Test
    void anEmailIsTakenWhateverItsCase() {
        String email = uniqueEmail("Taken");
        Envelope.ok(api.post("/auth/signup", null, signupBody("First", email, "secret123", "teacher")), 201);
        Envelope.error(api.post("/auth/signup", null, signupBody("Again", email, "secret123", "teacher")), 400,
                EMAIL_EXISTS);
        Envelope.error(api.post("/signup", null, signupBody("Upper", email.toUpperCase(), "other-pass", "student")),
                400, EMAIL_EXISTS);
        Envelope.error(api.post("/auth/signup", null, signupBody("Lower", email.toLowerCase(), "secret123",
                "student")), 400, EMAIL_EXISTS);
    }

    @Test
    void concurrentSignupsOfOneEmailMakeExactlyOneUser() throws Exception {
        String base = "race-" + UUID.randomUUID() + "@school.test";
        int threads = 12;
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            emails.add(switch (i % 3) {
                case 0 -> base;
                case 1 -> base.toUpperCase();
                default -> "Race-" + base.substring("race-".length());
            });
        }
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Map<String, Object> body = signupBody("Racer " + i, emails.get(i), "password-" + i,
                        i % 2 == 0 ? "student" : "teacher");
                String route = SIGNUP_ROUTES.get(i % 2);
                Callable<Reply> call = () -> {
                    ready.countDown();
                    go.await();
                    return api.post(route, null, body);
                };
                futures.add(pool.submit(call));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();

            int winner = -1;
            for (int i = 0; i < threads; i++) {
                Reply reply = futures.get(i).get(60, TimeUnit.SECONDS);
                if (reply.status() == 201) {
                    assertThat(winner).as("a second 201: %s", reply).isEqualTo(-1);
                    Envelope.ok(reply, 201);
                    winner = i;
                } else {
                    Envelope.error(reply, 400, EMAIL_EXISTS);
                }
            }
            assertThat(winner).as("one signup succeeded").isNotEqualTo(-1);

            String winnerId = futures.get(winner).get().data().path("_id").asText();
            String token = Envelope.ok(api.post("/auth/login", null,
                    Map.of("email", emails.get(winner), "password", "password-" + winner)), 200)
                    .path("token").asText();
            JsonNode me = Envelope.ok(api.get("/auth/me", token), 200);
            assertThat(me.path("_id").asText()).isEqualTo(winnerId);
            assertThat(me.path("name").asText()).isEqualTo("Racer " + winner);

            int loser = (winner + 1) % threads;
            Envelope.error(api.post("/auth/login", null,
                    Map.of("email", emails.get(winner), "password", "password-" + loser)), 400, INVALID_CREDENTIALS);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- login ----

    @Test
    void loginIssuesAnHs256TokenForTwentyFourHours() throws Exception {
        for (String route : LOGIN_ROUTES) {
            String email = uniqueEmail("login");
            String userId = Envelope.ok(api.post("/auth/signup", null,
                    signupBody("Login", email, "secret123", "teacher")), 201).path("_id").asText();
            Instant before = Instant.now().minusSeconds(5);
            JsonNode data = Envelope.ok(api.post(route, null, Map.of("email", email, "password", "secret123")), 200);
            Instant after = Instant.now().plusSeconds(5);
            String token = data.path("token").asText();

            String[] parts = token.split("\\.");
            assertThat(parts).hasSize(3);
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertThat(header.path("alg").asText()).isEqualTo("HS256");
            assertThat(payload.path("userId").asText()).isEqualTo(userId);
            assertThat(payload.path("role").asText()).isEqualTo("teacher");
            assertThat(payload.path("iat").isIntegralNumber()).as("iat in %s", payload).isTrue();
            assertThat(payload.path("exp").isIntegralNumber()).as("exp in %s", payload).isTrue();
            long iat = payload.path("iat").asLong();
            assertThat(payload.path("exp").asLong()).isEqualTo(iat + 86_400);
            assertThat(iat).isBetween(before.getEpochSecond(), after.getEpochSecond());

            Jws<Claims> verified = Jwts.parser().verifyWith(KEY).build().parseSignedClaims(token);
            assertThat(verified.getHeader().getAlgorithm()).isEqualTo("HS256");
            assertThat(verified.getPayload().get("userId", String.class)).isEqualTo(userId);
            assertThat(verified.getPayload().get("role", String.class)).isEqualTo("teacher");
        }
    }

    @Test
    void aStudentTokenCarriesTheStudentRole() {
        ApiClient.User student = api.signupAndLogin("Role Student", "student");
        Claims claims = Jwts.parser().verifyWith(KEY).build().parseSignedClaims(student.token()).getPayload();
        assertThat(claims.get("role", String.class)).isEqualTo("student");
        assertThat(claims.get("userId", String.class)).isEqualTo(student.id());
    }

    @Test
    void loginRefusesAnUnknownEmailOrAWrongPasswordWithOneMessage() {
        String email = uniqueEmail("wrong");
        Envelope.ok(api.post("/signup", null, signupBody("Wrong", email, "secret123", "student")), 201);
        for (String route : LOGIN_ROUTES) {
            Envelope.error(api.post(route, null, Map.of("email", uniqueEmail("nobody"), "password", "secret123")),
                    400, INVALID_CREDENTIALS);
            Envelope.error(api.post(route, null, Map.of("email", email, "password", "secret124")), 400,
                    INVALID_CREDENTIALS);
            Envelope.error(api.post(route, null, Map.of("email", email, "password", "SECRET123")), 400,
                    INVALID_CREDENTIALS);
        }
    }

    static Stream<Arguments> invalidLoginBodies() {
        List<String> bodies = List.of("{}", "{\"password\":\"secret123\"}", "{\"email\":\"a@school.test\"}",
                "{\"email\":\"not-an-email\",\"password\":\"secret123\"}",
                "{\"email\":\"a@school.test\",\"password\":\"\"}",
                "{\"email\":null,\"password\":\"secret123\"}",
                "{\"email\":\"a@school.test\",\"password\":null}",
                "{\"email\":\"a@school.test\",\"password\":123456}",
                "{\"email\":\"a@school.test\",\"password\":true}",
                "{\"email\":{\"$gt\":\"\"},\"password\":\"secret123\"}",
                "{\"email\":\"a@school.test\",\"password\":{\"$ne\":null}}",
                "{\"email\":[\"a@school.test\"],\"password\":\"secret123\"}",
                "", "null", "[]", "not json", "{\"email\":");
        return LOGIN_ROUTES.stream().flatMap(route -> bodies.stream().map(body -> Arguments.of(route, body)));
    }

    @ParameterizedTest(name = "{0} <{1}>")
    @MethodSource("invalidLoginBodies")
    void loginRefusesASchemaViolation(String route, String body) {
        Envelope.error(api.post(route, null, body), 400, INVALID_SCHEMA);
    }

    @Test
    void loginRefusesAContentTypeOtherThanJson() {
        for (String route : LOGIN_ROUTES) {
            Envelope.error(api.request("POST", route, null, "text/plain",
                    "{\"email\":\"a@school.test\",\"password\":\"secret123\"}"), 400, INVALID_SCHEMA);
            Envelope.error(api.request("POST", route, null, null, null), 400, INVALID_SCHEMA);
        }
    }

    // ---- me ----

    @Test
    void meAnswersTheCallerWithARawOrABearerToken() {
        for (String role : List.of("teacher", "student")) {
            ApiClient.User user = api.signupAndLogin("Me " + role, role);
            for (String route : ME_ROUTES) {
                for (String header : List.of(user.token(), "Bearer " + user.token())) {
                    JsonNode me = Envelope.ok(api.get(route, header), 200);
                    assertThat(me.path("_id").asText()).isEqualTo(user.id());
                    assertThat(me.path("name").asText()).isEqualTo("Me " + role);
                    assertThat(me.path("email").asText()).isEqualTo(user.email());
                    assertThat(me.path("role").asText()).isEqualTo(role);
                }
            }
        }
    }

    @Test
    void meWithoutAnAuthorizationHeaderIsUnauthorized() {
        for (String route : ME_ROUTES) {
            Envelope.error(api.get(route, null), 401, UNAUTHORIZED);
        }
    }

    @Test
    void meRefusesEveryKindOfBadToken() {
        ApiClient.User user = api.signupAndLogin("Victim", "student");
        Instant now = Instant.now();
        SecretKey otherKey = Keys.hmacShaKeyFor(
                "another-secret-that-is-also-thirty-two-bytes-long".getBytes(StandardCharsets.UTF_8));

        String expired = Jwts.builder().claim("userId", user.id()).claim("role", "student")
                .issuedAt(Date.from(now.minus(Duration.ofHours(48))))
                .expiration(Date.from(now.minus(Duration.ofHours(24)))).signWith(KEY, Jwts.SIG.HS256).compact();
        String justExpired = Jwts.builder().claim("userId", user.id()).claim("role", "student")
                .issuedAt(Date.from(now.minus(Duration.ofHours(24)).minusSeconds(120)))
                .expiration(Date.from(now.minusSeconds(120))).signWith(KEY, Jwts.SIG.HS256).compact();
        String otherSecret = Jwts.builder().claim("userId", user.id()).claim("role", "student")
                .issuedAt(Date.from(now)).expiration(Date.from(now.plus(Duration.ofHours(24))))
                .signWith(otherKey, Jwts.SIG.HS256).compact();
        String nobody = validToken(new ObjectId().toHexString(), "student");
        String notAnId = validToken("not-an-object-id", "teacher");
        String noUserId = Jwts.builder().claim("role", "student").issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofHours(24)))).signWith(KEY, Jwts.SIG.HS256).compact();
        String numericUserId = Jwts.builder().claim("userId", 12345).claim("role", "student")
                .issuedAt(Date.from(now)).expiration(Date.from(now.plus(Duration.ofHours(24))))
                .signWith(KEY, Jwts.SIG.HS256).compact();
        String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64Url("{\"userId\":\"" + user.id() + "\",\"role\":\"student\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + (now.getEpochSecond() + 86_400) + "}") + ".";
        String[] parts = user.token().split("\\.");
        String tampered = parts[0] + "." + base64Url(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8).replace("\"student\"", "\"teacher\"")) + "." + parts[2];
        String badSignature = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A")
                + parts[2].substring(1);

        List<String> headers = List.of("garbage", "Bearer garbage", "Bearer", "Bearer ", "a.b.c",
                user.token().substring(0, user.token().length() - 4), "Basic " + base64Url("user:secret123"),
                expired, "Bearer " + expired, justExpired, otherSecret, "Bearer " + otherSecret, nobody,
                "Bearer " + nobody, notAnId, noUserId, numericUserId, unsigned, "Bearer " + unsigned, tampered,
                badSignature);
        for (String route : ME_ROUTES) {
            for (String header : headers) {
                Envelope.error(api.get(route, header), 401, UNAUTHORIZED);
            }
        }
        // the genuine token still works, so the refusals above are about the token alone
        Envelope.ok(api.get("/auth/me", user.token()), 200);
    }

    private static String validToken(String userId, String role) {
        Instant now = Instant.now();
        return Jwts.builder().claim("userId", userId).claim("role", role).issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofHours(24)))).signWith(KEY, Jwts.SIG.HS256).compact();
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
