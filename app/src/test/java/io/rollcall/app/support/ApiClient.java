package io.rollcall.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Real HTTP calls against the running app; every response is parsed as the contract's envelope. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public int port() {
        return URI.create(base).getPort();
    }

    /** A response: status code and the parsed JSON body. */
    public record Reply(int status, JsonNode body) {
        public boolean success() {
            return body.path("success").asBoolean(false);
        }

        public JsonNode data() {
            return body.path("data");
        }

        public String error() {
            return body.path("error").asText(null);
        }
    }

    public Reply get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public Reply post(String path, String token, String rawBody) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rawBody)));
    }

    public Reply post(String path, String token, Object body) {
        try {
            return post(path, token, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply request(String method, String path, String token, String contentType, String rawBody) {
        HttpRequest.Builder builder = builder(path, token);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.method(method, rawBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(rawBody)));
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", token);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- conveniences for building a school day ----

    /** A registered and logged-in user. */
    public record User(String id, String email, String token, String role) {
    }

    public User signupAndLogin(String name, String role) {
        String email = name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID() + "@school.test";
        Reply signup = post("/auth/signup", null, java.util.Map.of("name", name, "email", email,
                "password", "secret123", "role", role));
        if (signup.status() != 201) {
            throw new AssertionError("signup failed: " + signup);
        }
        Reply login = post("/auth/login", null, java.util.Map.of("email", email, "password", "secret123"));
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login);
        }
        return new User(signup.data().path("_id").asText(), email, login.data().path("token").asText(), role);
    }

    public String createClass(User teacher, String name) {
        Reply reply = post("/class", teacher.token(), java.util.Map.of("className", name));
        if (reply.status() != 201) {
            throw new AssertionError("create class failed: " + reply);
        }
        return reply.data().path("_id").asText();
    }

    public void enrol(User teacher, String classId, User student) {
        Reply reply = post("/class/" + classId + "/add-student", teacher.token(),
                java.util.Map.of("studentId", student.id()));
        if (reply.status() != 200) {
            throw new AssertionError("add-student failed: " + reply);
        }
    }

    public Reply start(User teacher, String classId) {
        return post("/attendance/start", teacher.token(), java.util.Map.of("classId", classId));
    }
}
