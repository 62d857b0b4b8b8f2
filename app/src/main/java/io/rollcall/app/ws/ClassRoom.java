package io.rollcall.app.ws;

import io.rollcall.api.classes.ClassView;
import io.rollcall.api.classes.FindClass;
import io.rollcall.app.ops.RollcallMetrics;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * "Broadcast" in the contract's sense: the class's teacher and its enrolled students, taken from the class view
 * at the moment of sending, so a student enrolled mid-session receives the rest; nobody else receives anything.
 */
@Component
public class ClassRoom {

    private final QueryGateway queries;
    private final SocketRegistry sockets;
    private final RollcallMetrics metrics;

    public ClassRoom(QueryGateway queries, SocketRegistry sockets, RollcallMetrics metrics) {
        this.queries = queries;
        this.sockets = sockets;
        this.metrics = metrics;
    }

    /** Serialized once by the caller; the same frame goes to every socket of the room. */
    void broadcast(String classId, TextMessage message) {
        ClassView view = queries.query(new FindClass(classId), ResponseTypes.optionalInstanceOf(ClassView.class))
                .join().orElse(null);
        if (view == null) {
            return;
        }
        metrics.timeBroadcast(() -> {
            sockets.sendToUser(view.teacherId(), message);
            view.studentIds().forEach(studentId -> sockets.sendToUser(studentId, message));
        });
    }
}
