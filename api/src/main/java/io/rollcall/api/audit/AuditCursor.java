package io.rollcall.api.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where an audit page ended: the position of its last entry in the class's history (the event's sequence
 * number within the class aggregate, a total order even within one millisecond), opaque to clients.
 */
public record AuditCursor(long position) {

    private static final String PREFIX = "a1:";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /** Empty if the text is not a cursor this server issued. */
    public static Optional<AuditCursor> decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!raw.startsWith(PREFIX)) {
                return Optional.empty();
            }
            long position = Long.parseLong(raw.substring(PREFIX.length()));
            return position >= 0 ? Optional.of(new AuditCursor(position)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
