package io.rollcall.app.ws;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rollcall.app.metrics.RollcallMetrics;
import io.rollcall.command.classes.LiveClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The socket that caused a frame has it written before any other socket of the room is even sent it: a client
 * that waits for its own echo and only then looks at another socket of the room finds the frame there too.
 */
class ClassRoomSenderFirstTest {

    private final SocketSenders senders = new SocketSenders();
    private final SocketRegistry sockets = new SocketRegistry(senders);
    private final ClassRoom room = new ClassRoom(sockets, new RollcallMetrics(new SimpleMeterRegistry()));
    /** Every write to any socket, in the order the writes finished. */
    private final Queue<String> written = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        senders.destroy();
    }

    @Test
    void theSendersFrameIsWrittenBeforeAnyOtherSocketIsSentIt() {
        WebSocketSession teacher = session("teacher-socket");
        WebSocketSession otherTab = session("other-tab");
        sockets.register("teacher", teacher);
        sockets.register("teacher", otherTab);
        List<String> students = List.of("s1", "s2", "s3", "s4", "s5");
        students.forEach(s -> sockets.register(s, session(s + "-socket")));
        LiveClass live = new LiveClass("class", "teacher", Set.copyOf(students), "session", Map.of());

        for (int i = 0; i < 50; i++) {
            written.clear();
            room.broadcast(live, new TextMessage("frame " + i), "teacher-socket");
            await().pollInterval(java.time.Duration.ofMillis(2)).until(() -> written.size() == 7);

            assertThat(written.peek()).as("frame %d", i).isEqualTo("teacher-socket");
            assertThat(written).containsExactlyInAnyOrder("teacher-socket", "other-tab",
                    "s1-socket", "s2-socket", "s3-socket", "s4-socket", "s5-socket");
        }
    }

    private WebSocketSession session(String id) {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.getId()).thenReturn(id);
        when(session.isOpen()).thenReturn(true);
        when(session.getAttributes()).thenReturn(new HashMap<>());
        try {
            doAnswer(call -> written.add(id)).when(session).sendMessage(any());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return session;
    }
}
