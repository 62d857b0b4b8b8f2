package io.rollcall.app.ws;

import io.rollcall.app.metrics.RollcallMetrics;
import io.rollcall.command.classes.LiveClass;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * "Broadcast" in the contract's sense: the class's teacher and its enrolled students as the class is at that
 * moment (a student enrolled mid-session receives the rest); nobody else receives anything. Called with the class
 * locked, so a room's frames are queued in commit order; the socket that caused a frame has it written first.
 */
@Component
public class ClassRoom {

    private final SocketRegistry sockets;
    private final RollcallMetrics metrics;

    public ClassRoom(SocketRegistry sockets, RollcallMetrics metrics) {
        this.sockets = sockets;
        this.metrics = metrics;
    }

    /**
     * Serialized once by the caller; the same frame goes to every socket of the room.
     *
     * @param senderSocket the socket whose request caused the frame (written to before the others), or null
     */
    void broadcast(LiveClass room, TextMessage message, String senderSocket) {
        metrics.timeBroadcast(() -> {
            SocketOutbox sender = senderSocket == null ? null : sockets.outboxOf(senderSocket);
            if (sender != null) {
                sender.sendNow(message);
            }
            sockets.sendToUser(room.teacherId(), message, sender);
            room.studentIds().forEach(studentId -> sockets.sendToUser(studentId, message, sender));
        });
    }
}
