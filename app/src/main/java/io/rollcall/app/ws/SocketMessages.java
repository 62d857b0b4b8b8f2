package io.rollcall.app.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the protocol's frames: {@code {"event": NAME, "data": {...}}}, serialized once per message. */
@Component
public class SocketMessages {

    static final String UNAUTHORIZED = "Unauthorized or invalid token";
    static final String TEACHER_ONLY = "Forbidden, teacher event only";
    static final String STUDENT_ONLY = "Forbidden, student event only";
    static final String NO_SESSION = "No active attendance session";
    static final String UNKNOWN_EVENT = "Unknown event";
    static final String INVALID_FORMAT = "Invalid message format";
    static final String INVALID_SCHEMA = "Invalid request schema";
    static final String NOT_ENROLLED = "Student not enrolled in class";
    static final String INTERNAL_ERROR = "Internal server error";
    /** **ext**: the socket sends faster than its message rate, or its user holds too many sockets. */
    static final String TOO_MANY_REQUESTS = "Too many requests";
    /** **ext**: the database cannot be reached right now, or the server holds as many sockets as it may. */
    static final String UNAVAILABLE = "Service unavailable";

    private final ObjectMapper json;

    public SocketMessages(ObjectMapper json) {
        this.json = json;
    }

    TextMessage event(String name, Map<String, ?> data) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("event", name);
        frame.put("data", data);
        try {
            return new TextMessage(json.writeValueAsString(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    TextMessage error(String message) {
        return event("ERROR", Map.of("message", message));
    }

    /** The counts of TODAY_SUMMARY and DONE: total is the marked students only. */
    static Map<String, Object> counts(int present, int absent) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("present", present);
        counts.put("absent", absent);
        counts.put("total", present + absent);
        return counts;
    }
}
