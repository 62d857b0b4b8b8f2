package io.rollcall.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Debian's headless Firefox ESR driven over WebDriver BiDi, the protocol Firefox speaks itself
 * ({@code --remote-debugging-port}): no geckodriver, which Debian does not package and which could not be
 * downloaded here. A few commands are enough for the console's tests: open tabs, navigate, run a script in the
 * page, take a screenshot. {@code FIREFOX_BIN} overrides {@code /usr/bin/firefox-esr}; without the browser the
 * test is skipped, or fails when {@code REQUIRE_BROWSER} is set (as for {@link Chromium}).
 */
public final class Firefox implements AutoCloseable {

    public static final String INSTALL_HINT = "apt-get install firefox-esr";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Firefox(Path binary) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        profile = Files.createTempDirectory("rollcall-firefox");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-remote", "--profile", profile.toString(),
                "--remote-debugging-port", Integer.toString(port), "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("firefox.log").toFile())
                .start();
        URI endpoint = URI.create("ws://127.0.0.1:" + port + "/session");
        HttpClient http = HttpClient.newHttpClient();
        socket = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(endpoint, new WholeTextMessages(this::received, code -> { })).get(10, TimeUnit.SECONDS), s -> s != null);
        command("session.new", Map.of("capabilities", Map.of()));
    }

    /** The browser, or the test is skipped (failed when REQUIRE_BROWSER is set) with a message saying why. */
    public static Firefox startOrSkip() {
        String override = System.getenv("FIREFOX_BIN");
        Optional<Path> binary = Optional.of(Path.of(override != null ? override : "/usr/bin/firefox-esr"))
                .filter(Files::isExecutable);
        if (binary.isEmpty()) {
            String message = "The Firefox check needs Debian's Firefox ESR; install it with `" + INSTALL_HINT
                    + "` (or set FIREFOX_BIN).";
            if (Chromium.required()) {
                Assertions.fail(message + " REQUIRE_BROWSER is set, so this is a failure, not a skip.");
            }
            Assumptions.abort(message + " Skipped.");
        }
        try {
            return new Firefox(binary.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new tab (its own sessionStorage, so its own login), as a browsing context id. */
    public String newTab() {
        return command("browsingContext.create", Map.of("type", "tab")).path("context").asText();
    }

    public void navigate(String context, String url) {
        command("browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    public void reload(String context) {
        command("browsingContext.reload", Map.of("context", context, "wait", "complete"));
    }

    /** Runs an expression in the page (awaiting a promise) and answers its value: a string, number or boolean. */
    public JsonNode evaluate(String context, String expression) {
        JsonNode result = command("script.evaluate", Map.of("expression", expression,
                "target", Map.of("context", context), "awaitPromise", true));
        if (!"success".equals(result.path("type").asText())) {
            throw new AssertionError("script failed in Firefox: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Waits until the expression is true in the page; on a time-out, says what the page showed. */
    public void waitUntil(String context, String expression) {
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> evaluate(context, "Boolean(" + expression + ")").asBoolean(false));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String page = evaluate(context, "document.body.innerText.slice(0, 3000)").asText();
            throw new AssertionError("Not true in Firefox within 15 s: " + expression + "\nThe page shows:\n" + page, e);
        }
    }

    public byte[] screenshot(String context) {
        return Base64.getDecoder().decode(command("browsingContext.captureScreenshot",
                Map.of("context", context)).path("data").asText());
    }

    private JsonNode command(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if ("error".equals(reply.path("type").asText())) {
                throw new AssertionError(method + " failed in Firefox: " + reply);
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + " got no answer from Firefox", e);
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException ignored) {
            // the browser goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A message of the browser: the answer to one of our commands completes it; events are not awaited. */
    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            CompletableFuture<JsonNode> answer = message.has("id") ? pending.get(message.path("id").asInt()) : null;
            if (answer != null) {
                answer.complete(message);
            }
        } catch (IOException ignored) {
            // not JSON: nothing waits for it
        }
    }
}
