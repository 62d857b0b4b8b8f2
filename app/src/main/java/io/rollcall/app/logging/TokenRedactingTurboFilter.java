package io.rollcall.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * The safety net behind {@link TokenRedactingRequestFilter}: a log event whose message or exception carries a
 * {@code token=} value or a JWT is dropped and logged again, redacted, to the same appenders. Covers what the
 * request filter cannot: a library's own message, an exception text quoting a URL, the container's logs (they
 * reach logback through the JUL bridge).
 */
public final class TokenRedactingTurboFilter extends TurboFilter {

    private static final String FQCN = TokenRedactingTurboFilter.class.getName();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL; // an isEnabled() check, or an event that will not be logged anyway
        }
        FormattingTuple formatted = MessageFormatter.arrayFormat(format, params);
        Throwable thrown = t != null ? t : formatted.getThrowable();
        if (!TokenRedaction.needed(formatted.getMessage()) && !carriesSecret(thrown)) {
            return FilterReply.NEUTRAL;
        }
        LoggingEvent redacted = new LoggingEvent(FQCN, logger, level, TokenRedaction.redact(formatted.getMessage()),
                thrown == null ? null : RedactedThrowable.of(thrown), null);
        if (marker != null) {
            redacted.addMarker(marker);
        }
        logger.callAppenders(redacted);
        return FilterReply.DENY;
    }

    private static boolean carriesSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (TokenRedaction.needed(t.getMessage())) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (carriesSecret(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A copy of an exception chain with redacted messages and the original stack frames. */
    static final class RedactedThrowable extends RuntimeException {

        private RedactedThrowable(Throwable original, int depth) {
            super(original.getClass().getName() + ": " + TokenRedaction.redact(original.getMessage()),
                    original.getCause() == null || original.getCause() == original || depth > 32 ? null
                            : new RedactedThrowable(original.getCause(), depth + 1));
            setStackTrace(original.getStackTrace());
            for (Throwable suppressed : original.getSuppressed()) {
                addSuppressed(new RedactedThrowable(suppressed, depth + 1));
            }
        }

        static RedactedThrowable of(Throwable original) {
            return new RedactedThrowable(original, 0);
        }
    }
}
