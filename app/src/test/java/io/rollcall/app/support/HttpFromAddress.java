package io.rollcall.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a socket bound to a chosen loopback address (127.0.0.2, 127.0.0.3, ...), so a test can be a
 * client the server sees at its own address: per-address limits then apply to that test alone. (java.net.http
 * cannot choose the local address before Java 19.)
 */
public final class HttpFromAddress {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String localAddress;
    private final int port;

    public HttpFromAddress(String localAddress, int port) {
        this.localAddress = localAddress;
        this.port = port;
    }

    /** A response: status, headers (names in lower case) and the body parsed as JSON. */
    public record Answer(int status, Map<String, String> headers, JsonNode body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String error() {
            return body.path("error").asText(null);
        }
    }

    public Answer post(String path, Object body) {
        try {
            byte[] json = JSON.writeValueAsBytes(body);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\n\r\n";
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(localAddress, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(json);
                socket.getOutputStream().flush();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                socket.getInputStream().transferTo(received);
                return parse(received.toString(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer parse(String text) throws IOException {
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new AssertionError("no HTTP response head: " + text);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(headEnd + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, JSON.readTree(bytes));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
