package io.rollcall.app.ws;

import io.rollcall.app.support.RollcallTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /docs/asyncapi.yaml describes the WebSocket: every event both ways and every error message the server sends. */
@RollcallTest
class AsyncApiDocTest {

    @LocalServerPort
    int port;

    @Test
    void theAsyncApiDocumentCoversEveryEventAndEveryErrorMessage() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/docs/asyncapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));

        Map<String, Object> document = new Yaml().load(response.body());
        assertThat(document.get("asyncapi")).isEqualTo("2.6.0");
        @SuppressWarnings("unchecked")
        Map<String, Object> channel = (Map<String, Object>) ((Map<?, ?>) document.get("channels")).get("/ws");
        assertThat(channel).containsKeys("publish", "subscribe", "bindings");
        assertThat(channel.get("bindings").toString()).contains("token");

        List<String> sent = new ArrayList<>();
        List<String> received = new ArrayList<>();
        Map<?, ?> messages = (Map<?, ?>) ((Map<?, ?>) document.get("components")).get("messages");
        for (String ref : refs(channel.get("publish"))) {
            sent.add((String) ((Map<?, ?>) messages.get(ref)).get("name"));
        }
        for (String ref : refs(channel.get("subscribe"))) {
            received.add((String) ((Map<?, ?>) messages.get(ref)).get("name"));
        }
        assertThat(sent).containsExactlyInAnyOrder("ATTENDANCE_MARKED", "TODAY_SUMMARY", "MY_ATTENDANCE", "DONE");
        assertThat(received).containsExactlyInAnyOrder("ATTENDANCE_MARKED", "TODAY_SUMMARY", "MY_ATTENDANCE", "DONE",
                "ERROR");

        String text = response.body();
        assertThat(text).contains("studentId", "status", "present", "absent", "total", "not yet updated",
                "Attendance persisted", "classId", "message");
        for (Field field : SocketMessages.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                field.setAccessible(true);
                assertThat(text).as("SocketMessages.%s", field.getName()).contains((String) field.get(null));
            }
        }
    }

    private static List<String> refs(Object operation) {
        List<String> refs = new ArrayList<>();
        for (Object message : (List<?>) ((Map<?, ?>) ((Map<?, ?>) operation).get("message")).get("oneOf")) {
            String ref = (String) ((Map<?, ?>) message).get("$ref");
            refs.add(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return refs;
    }
}
