package io.rollcall.app.ws;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.rollcall.app.throttle.Rate;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * What the handler keeps about one socket, dropped with it: its message rate, when anything last arrived from
 * its peer, when its token expires, and the parts of a fragmented text frame. Frames of one socket are handled one
 * at a time by the container, so only {@link #lastHeard} and the expiry task are touched by other threads.
 */
final class SocketLimits {

    /** What to do with a frame that arrived: handle it, refuse it, close the socket, or nothing (closing). */
    enum Admission { HANDLE, REFUSE, CLOSE, IGNORE }

    private final Bucket messages;
    private final Bucket refusals;
    private final Instant tokenExpiresAt;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile ScheduledFuture<?> expiry;
    /** The text of a frame arriving in parts, until its last part; null once it grew past the limit. */
    private StringBuilder partial = new StringBuilder();
    private long partialBytes;
    /** Closed for abuse: later frames (already on their way) are dropped without an answer. */
    private boolean closing;

    SocketLimits(Rate rate, int refusalsBeforeClose, Instant tokenExpiresAt) {
        this.messages = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(rate.count()).refillGreedy(rate.count(), rate.period()).build())
                .build();
        this.refusals = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(refusalsBeforeClose)
                        .refillGreedy(refusalsBeforeClose, rate.period()).build())
                .build();
        this.tokenExpiresAt = tokenExpiresAt;
    }

    /** A complete frame arrived: handle it, refuse it (over the rate), or close the socket (sustained abuse). */
    Admission admit() {
        if (closing) {
            return Admission.IGNORE;
        }
        if (messages.tryConsume(1)) {
            return Admission.HANDLE;
        }
        if (refusals.tryConsume(1)) {
            return Admission.REFUSE;
        }
        closing = true;
        return Admission.CLOSE;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long nanosSinceHeard() {
        return System.nanoTime() - lastHeardNanos;
    }

    Instant tokenExpiresAt() {
        return tokenExpiresAt;
    }

    boolean tokenExpired(Instant now) {
        return tokenExpiresAt != null && !now.isBefore(tokenExpiresAt);
    }

    void expiry(ScheduledFuture<?> task) {
        this.expiry = task;
    }

    /** The socket is gone: its scheduled expiry goes too. */
    void release() {
        ScheduledFuture<?> task = expiry;
        if (task != null) {
            task.cancel(false);
        }
        partial = null;
    }

    /**
     * Adds a part of a text frame; the whole text once its last part arrived, null while parts are missing, and
     * {@link #TOO_LARGE} for a frame longer than {@code maxBytes} in UTF-8 (whose text is not kept).
     */
    String append(String part, boolean last, int maxBytes) {
        if (partial == null) {
            partial = new StringBuilder();
        }
        partialBytes += utf8Length(part);
        if (partialBytes <= maxBytes) {
            partial.append(part);
        } else {
            partial.setLength(0);
        }
        if (!last) {
            return null;
        }
        boolean tooLarge = partialBytes > maxBytes;
        String text = partial.toString();
        partial.setLength(0);
        partialBytes = 0;
        return tooLarge ? TOO_LARGE : text;
    }

    /** Marks a frame that was too large (compared by identity). */
    static final String TOO_LARGE = new String("<too large>");

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
