package io.rollcall.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (java.net.http). Incoming frames are parsed and queued; tests wait on the message
 * itself ({@link #next()}), and {@link #assertNothingWithin} proves an absence over a short window.
 * <p>
 * {@link #connect} returns once the server has put the socket in its rooms: the container answers the upgrade
 * before it opens the server's side of the socket, so a broadcast in between would pass a client that has only
 * seen the upgrade. One frame of an unknown event, answered, proves the server's side is open; the answer is
 * not queued, and the frame costs one of the socket's message rate.
 */
public final class SocketClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OPEN_PROBE = "OPEN_PROBE";

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    /** Completes when the answer to the connect's probe arrives (it is then not queued). */
    private final CompletableFuture<Void> probeAnswered = new CompletableFuture<>();

    private SocketClient(int port, String token, Duration handshakeTimeout) {
        String query = token == null ? "" : "?token=" + token;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(handshakeTimeout)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws" + query),
                        new WholeTextMessages(this::received, closed::complete))
                .join();
        awaitServerSide();
    }

    private void awaitServerSide() {
        try {
            socket.sendText("{\"event\":\"" + OPEN_PROBE + "\"}", true).join();
            CompletableFuture.anyOf(probeAnswered, closed).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.ExecutionException refused) {
            // the server closed the socket at once (a refusal): its frames and close code are what the test reads
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the server did not answer a frame within " + WAIT + " of the upgrade");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static SocketClient connect(int port, String token) {
        return new SocketClient(port, token, Duration.ofSeconds(5));
    }

    /** With a longer wait for the upgrade, for a server known to answer slowly at that moment. */
    public static SocketClient connect(int port, String token, Duration handshakeTimeout) {
        return new SocketClient(port, token, handshakeTimeout);
    }

    public void send(String event, Map<String, ?> data) {
        try {
            Map<String, Object> frame = new java.util.LinkedHashMap<>();
            frame.put("event", event);
            if (data != null) {
                frame.put("data", data);
            }
            sendRaw(JSON.writeValueAsString(frame));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next frame, waiting up to 10 s; fails if none arrives. */
    public JsonNode next() {
        try {
            JsonNode message = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no WebSocket message within " + WAIT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame with this event name, skipping others (e.g. broadcasts of earlier marks). */
    public JsonNode next(String event) {
        while (true) {
            JsonNode message = next();
            if (event.equals(message.path("event").asText())) {
                return message;
            }
        }
    }

    /** As a teacher: marks the student and returns the echo (the next mark frame on this socket). */
    public JsonNode markAndAwaitEcho(ApiClient.User student, String status) {
        send("ATTENDANCE_MARKED", Map.of("studentId", student.id(), "status", status));
        return next("ATTENDANCE_MARKED");
    }

    /** As a teacher: ends the session and returns its DONE frame. */
    public JsonNode finishSession() {
        send("DONE", null);
        return next("DONE");
    }

    public void assertNothingWithin(Duration window) {
        try {
            JsonNode message = inbox.poll(window.toMillis(), TimeUnit.MILLISECONDS);
            if (message != null) {
                throw new AssertionError("unexpected WebSocket message: " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Completes with the close code when the server closes the socket. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private void received(String text) {
        try {
            JsonNode frame = JSON.readTree(text);
            if (!probeAnswered.isDone() && "ERROR".equals(frame.path("event").asText())
                    && "Unknown event".equals(frame.path("data").path("message").asText())) {
                probeAnswered.complete(null); // the first unknown event this socket sent is the probe
                return;
            }
            inbox.add(frame);
        } catch (IOException e) {
            inbox.add(JSON.createObjectNode().put("unparseable", text));
        }
    }
}
