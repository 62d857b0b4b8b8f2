package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rollcall.app.support.ApiClient.Reply;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Requests {@link io.rollcall.app.support.ApiClient} cannot make: arbitrary headers, a chunked body, and a raw
 * request line over a socket (malformed URLs, unknown methods). Bodies are kept as text so a non-JSON answer
 * fails the assertion that reads it rather than the call.
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response as received: status, Content-Type and the body text. */
    record Raw(int status, String contentType, String body) {
        /** The body parsed as JSON; fails the test if it is not. */
        Reply reply() {
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || node.isMissingNode()) {
                    throw new AssertionError("empty body (status " + status + ", Content-Type " + contentType + ")");
                }
                return new Reply(status, node);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + ", Content-Type " + contentType + "): "
                        + body.substring(0, Math.min(body.length(), 300)));
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A request through java.net.http with the given headers; a null body sends none. */
    Raw send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return send(builder.build());
    }

    /** A JSON POST of these exact bytes (which need not be valid UTF-8). */
    Raw postBytes(String path, String token, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            builder.header("Authorization", token);
        }
        return send(builder.build());
    }

    /** A POST whose body is streamed with Transfer-Encoding: chunked (no Content-Length). */
    Raw postChunked(String path, String token, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        if (token != null) {
            builder.header("Authorization", token);
        }
        return send(builder.build());
    }

    private Raw send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes this request line (and no body) on a fresh socket, exactly as given, and reads the whole answer. */
    Raw rawRequestLine(String method, String target) {
        String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }

    private static Raw parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: chunk sizes hold
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new AssertionError("no HTTP response head: " + text);
        }
        String[] head = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            String line = head[i].toLowerCase();
            if (line.startsWith("content-type:")) {
                contentType = head[i].substring("content-type:".length()).trim();
            } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                chunked = true;
            }
        }
        String body = text.substring(headEnd + 4);
        String raw = chunked ? dechunk(body) : body;
        return new Raw(status, contentType, new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
