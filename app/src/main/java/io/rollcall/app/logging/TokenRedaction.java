package io.rollcall.app.logging;

import java.util.regex.Pattern;

/**
 * Removes bearer secrets from text that may end up in a log: the value of any {@code token=} parameter (the
 * WebSocket URL carries the JWT as {@code ?token=}) and anything shaped like a JWT. The replacement uses only
 * characters legal in a URL query, so a redacted query string still parses as a URI.
 */
public final class TokenRedaction {

    public static final String REDACTED = "REDACTED";

    private static final Pattern TOKEN_PARAMETER = Pattern.compile("(?i)(token=)[^&\\s\"'<>#\\]\\)]+");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private TokenRedaction() {
    }

    /** Whether {@link #redact} would change this text. */
    public static boolean needed(String text) {
        return text != null && (TOKEN_PARAMETER.matcher(text).find() || JWT.matcher(text).find());
    }

    public static String redact(String text) {
        if (!needed(text)) {
            return text;
        }
        String withoutParameters = TOKEN_PARAMETER.matcher(text).replaceAll("$1" + REDACTED);
        return JWT.matcher(withoutParameters).replaceAll(REDACTED);
    }
}
