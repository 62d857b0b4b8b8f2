package io.rollcall.app.ws;

import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.app.live.LiveClasses;
import io.rollcall.command.classes.LiveClass;
import io.rollcall.query.ActiveSessionIndex;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live feed: turns stored events into the room's frames. It belongs to the live processing group, so it runs
 * in the thread of the command that stored the event, right after the append; the frames leave when the command
 * has committed, with the class still locked: a frame leaves only for a durable event, a room's frames are queued
 * in commit order, nothing of a session can follow its DONE, and the socket that sent the command (named in the
 * command's metadata) has its frame written before anyone else is sent it.
 */
@Component
@ProcessingGroup(ActiveSessionIndex.LIVE)
public class LiveFeed {

    /** Command metadata: the id of the socket whose request the command is. */
    public static final String SENDER_SOCKET = "senderSocket";
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    /** The command's unit of work resource holding its frames until it commits. */
    private static final String PENDING = LiveFeed.class.getName() + ".frames";

    private final LiveClasses classes;
    private final ClassRoom rooms;
    private final SocketMessages messages;

    public LiveFeed(LiveClasses classes, ClassRoom rooms, SocketMessages messages) {
        this.classes = classes;
        this.rooms = rooms;
        this.messages = messages;
    }

    @EventHandler
    void on(AttendanceMarked event) {
        if (event.origin() != MarkOrigin.TEACHER_MARK) {
            return; // DONE's automatic absences are announced by DONE's own counts
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("studentId", event.studentId());
        payload.put("status", event.status().wireName());
        broadcast(event.classId(), messages.event("ATTENDANCE_MARKED", payload));
    }

    @EventHandler
    void on(SessionFinalized event) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("message", "Attendance persisted");
        payload.putAll(SocketMessages.counts(event.present(), event.absent()));
        broadcast(event.classId(), messages.event("DONE", payload));
    }

    /**
     * Sends the frame once the command has committed, still inside its unit of work and so with the class still
     * locked (the lock is released at clean-up, after this).
     */
    private void broadcast(String classId, TextMessage frame) {
        if (!CurrentUnitOfWork.isStarted()) {
            classes.withClass(classId, room -> send(room, frame, null));
            return;
        }
        UnitOfWork<?> command = CurrentUnitOfWork.get().root();
        String sender = (String) command.getMessage().getMetaData().get(SENDER_SOCKET);
        classes.withClass(classId, room -> command.getOrComputeResource(PENDING, key -> {
            List<Runnable> frames = new ArrayList<>();
            command.afterCommit(u -> frames.forEach(Runnable::run));
            return frames;
        }).add(() -> send(room, frame, sender)));
    }

    /** The event is stored whatever happens here: a failure to send must not fail its command. */
    private boolean send(LiveClass room, TextMessage frame, String senderSocket) {
        try {
            rooms.broadcast(room, frame, senderSocket);
            return true;
        } catch (RuntimeException e) {
            log.error("Could not send a frame to the room of class {}", room.classId(), e);
            return false;
        }
    }
}
