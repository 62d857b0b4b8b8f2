package io.rollcall.app.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The contract's envelope: {@code {"success": true, "data": ...}} or {@code {"success": false, "error": ...}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(boolean success, Object data, String error) {

    public static Envelope ok(Object data) {
        return new Envelope(true, data, null);
    }

    public static Envelope failure(String error) {
        return new Envelope(false, null, error);
    }
}
