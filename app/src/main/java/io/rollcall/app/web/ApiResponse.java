package io.rollcall.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The contract's envelope: {@code {"success": true, "data": ...}} or {@code {"success": false, "error": ...}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse(boolean success, Object data, String error) {

    public static ApiResponse ok(Object data) {
        return new ApiResponse(true, data, null);
    }

    public static ApiResponse failure(String error) {
        return new ApiResponse(false, null, error);
    }
}
