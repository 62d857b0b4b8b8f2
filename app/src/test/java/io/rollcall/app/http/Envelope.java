package io.rollcall.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rollcall.app.support.ApiClient.Reply;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on the contract's envelope, applied to every reply the HTTP tests look at. */
final class Envelope {

    static final Pattern OBJECT_ID = Pattern.compile("^[0-9a-f]{24}$");
    static final Pattern STARTED_AT = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$");

    static final String INVALID_SCHEMA = "Invalid request schema";
    static final String EMAIL_EXISTS = "Email already exists";
    static final String INVALID_CREDENTIALS = "Invalid email or password";
    static final String UNAUTHORIZED = "Unauthorized, token missing or invalid";
    static final String TEACHER_REQUIRED = "Forbidden, teacher access required";
    static final String STUDENT_REQUIRED = "Forbidden, student access required";
    static final String NOT_CLASS_TEACHER = "Forbidden, not class teacher";
    static final String NOT_ENROLLED = "Forbidden, not enrolled in class";
    static final String CLASS_NOT_FOUND = "Class not found";
    static final String STUDENT_NOT_FOUND = "Student not found";

    /** Things that must never leak into a body: exception class names, stack frames, framework packages. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.[a-z]|java\\.|javax\\.|jakarta\\.|org\\.springframework|org\\.axonframework"
                    + "|com\\.fasterxml|io\\.rollcall|\\$2[aby]\\$");

    private Envelope() {
    }

    /** A success envelope with this status; returns its data. */
    static JsonNode ok(Reply reply, int status) {
        assertShape(reply);
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.success()).as("success of %s", reply).isTrue();
        return reply.data();
    }

    /** A failure envelope with exactly this status and contract message. */
    static void error(Reply reply, int status, String message) {
        assertShape(reply);
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.success()).as("success of %s", reply).isFalse();
        assertThat(reply.error()).as("error of %s", reply).isEqualTo(message);
    }

    /** {success: boolean} plus data (success) or a non-empty error string (failure); nothing leaks. */
    static void assertShape(Reply reply) {
        JsonNode body = reply.body();
        assertThat(body.isObject()).as("envelope object: %s", reply).isTrue();
        assertThat(body.path("success").isBoolean()).as("boolean success: %s", reply).isTrue();
        if (body.path("success").asBoolean()) {
            assertThat(body.has("data")).as("data present: %s", reply).isTrue();
            assertThat(body.has("error")).as("no error on success: %s", reply).isFalse();
            assertThat(reply.status()).as("2xx with success=true: %s", reply).isBetween(200, 299);
        } else {
            assertThat(body.path("error").isTextual()).as("textual error: %s", reply).isTrue();
            assertThat(body.path("error").asText()).as("non-empty error: %s", reply).isNotBlank();
            assertThat(body.has("data")).as("no data on failure: %s", reply).isFalse();
            assertThat(reply.status()).as("4xx/5xx with success=false: %s", reply).isGreaterThanOrEqualTo(400);
        }
        assertNoLeak(body.toString());
        assertNoPasswordField(body);
    }

    static void assertNoLeak(String text) {
        assertThat(LEAK.matcher(text).find()).as("internals leaked in %s", text).isFalse();
    }

    /** No object anywhere in the body has a password (or hash) field. */
    static void assertNoPasswordField(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(field.getKey().toLowerCase()).as("field in %s", node)
                        .doesNotContain("password").isNotEqualTo("hash");
                assertNoPasswordField(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(Envelope::assertNoPasswordField);
        }
    }

    static void assertObjectId(JsonNode node) {
        assertThat(node.isTextual()).as("id is a string: %s", node).isTrue();
        assertThat(node.asText()).matches(OBJECT_ID);
    }
}
