package io.rollcall.app.ws;

import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.app.live.LiveClasses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * TODAY_SUMMARY, at most one broadcast per class per {@code summaryInterval}. A request when the class has had no
 * summary for an interval is broadcast at once (so a single request is answered exactly as before). Requests
 * during the interval that follows are folded into one broadcast at its end, with the counts of that moment,
 * queued among the marks' frames like any summary. A burst of N requests costs two broadcasts instead of N, and
 * each request is still answered by a summary at least as new as the request. The window of a class is
 * forgotten when it ends with nothing pending, so the map holds only classes asked in the last interval.
 */
@Component
public class SummaryCoalescer {

    private static final Logger log = LoggerFactory.getLogger(SummaryCoalescer.class);

    /** A class's open window: whether a request came during it, and for which session. */
    private static final class Window {
        boolean pending;
        String sessionId;
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LiveClasses classes;
    private final ClassRoom rooms;
    private final SocketMessages messages;
    private final SocketKeeper keeper;
    private final Duration interval;

    public SummaryCoalescer(LiveClasses classes, ClassRoom rooms, SocketMessages messages, SocketKeeper keeper,
                            SocketSettings settings) {
        this.classes = classes;
        this.rooms = rooms;
        this.messages = messages;
        this.keeper = keeper;
        this.interval = settings.summaryInterval();
    }

    /**
     * A teacher asked for the summary of this session.
     *
     * @return false if the session is not active (the caller answers {@code No active attendance session})
     */
    boolean request(String classId, String sessionId, String senderSocket) {
        if (interval.isZero()) {
            return broadcast(classId, sessionId, senderSocket);
        }
        AtomicBoolean opened = new AtomicBoolean();
        windows.compute(classId, (id, window) -> {
            if (window == null) {
                opened.set(true);
                return new Window();
            }
            window.pending = true;
            window.sessionId = sessionId;
            return window;
        });
        if (!opened.get()) {
            return true; // answered at the end of the window
        }
        boolean sent;
        try {
            sent = broadcast(classId, sessionId, senderSocket);
        } catch (RuntimeException e) {
            windows.remove(classId);
            throw e;
        }
        if (!sent) {
            windows.remove(classId);
            return false;
        }
        keeper.schedule(() -> endWindow(classId), interval);
        return true;
    }

    /** Sends what was asked during the window, if anything, and opens the next window; else forgets the class. */
    private void endWindow(String classId) {
        Window[] due = new Window[1];
        windows.computeIfPresent(classId, (id, window) -> {
            if (!window.pending) {
                return null;
            }
            due[0] = window;
            Window next = new Window();
            return next;
        });
        if (due[0] == null) {
            return;
        }
        try {
            // no sender goes first (this timer thread must not wait on anyone's socket); if the session ended
            // meanwhile, nothing is sent: its DONE (or the new session) already told the room
            broadcast(classId, due[0].sessionId, null);
        } catch (RuntimeException e) {
            log.warn("Could not send the coalesced summary of class {}", classId, e);
        }
        keeper.schedule(() -> endWindow(classId), interval);
    }

    /** Counted and queued with the class locked, so the summary takes its place among the marks' frames. */
    private boolean broadcast(String classId, String sessionId, String senderSocket) {
        return classes.withClass(classId, room -> {
            if (!room.isActive(sessionId)) {
                return false;
            }
            rooms.broadcast(room, messages.event("TODAY_SUMMARY", SocketMessages.counts(
                    room.count(AttendanceStatus.PRESENT), room.count(AttendanceStatus.ABSENT))), senderSocket);
            return true;
        }).orElse(false);
    }

    /** Classes with an open window (for the bound's test). */
    int openWindows() {
        return windows.size();
    }
}
