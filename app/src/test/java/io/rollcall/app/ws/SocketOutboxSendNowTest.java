package io.rollcall.app.ws;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The echo of a mark goes out on the caller's own thread when its socket has nothing queued or being written,
 * and behind what is, in order, when it has.
 */
class SocketOutboxSendNowTest {

    private final SocketSenders senders = new SocketSenders();
    private final RemoteEndpoint.Basic basic = mock(RemoteEndpoint.Basic.class);
    /** Each write as "frame@thread", in the order the writes finished. */
    private final List<String> writes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        senders.destroy();
    }

    @Test
    void anIdleSocketIsWrittenByTheCallerItself() throws Exception {
        recordWrites(null, null);
        SocketOutbox outbox = new SocketOutbox(containerSession(), senders);

        outbox.sendNow(new TextMessage("echo"));

        assertThat(writes).containsExactly("echo@" + Thread.currentThread().getName());
    }

    @Test
    void aFrameBeingWrittenGoesOutBeforeTheEcho() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        recordWrites(firstStarted, releaseFirst);
        SocketOutbox outbox = new SocketOutbox(containerSession(), senders);

        outbox.send(new TextMessage("first")); // a sender thread takes it and is held in its write
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> outbox.sendNow(new TextMessage("echo")));
        releaseFirst.countDown();
        echo.get(5, TimeUnit.SECONDS);

        assertThat(writes).extracting(w -> w.substring(0, w.indexOf('@'))).containsExactly("first", "echo");
        assertThat(writes.get(1)).as("queued behind the write, so written by a sender").contains("@ws-send-");
    }

    /** Records each write; the write of "first" signals {@code started} and waits for {@code release}. */
    private void recordWrites(CountDownLatch started, CountDownLatch release) throws Exception {
        doAnswer(call -> {
            String text = call.getArgument(0);
            if (text.equals("first")) {
                started.countDown();
                assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
            }
            writes.add(text + "@" + Thread.currentThread().getName());
            return null;
        }).when(basic).sendText(anyString());
    }

    private NativeWebSocketSession containerSession() {
        Session container = mock(Session.class);
        when(container.getBasicRemote()).thenReturn(basic);
        when(container.getAsyncRemote()).thenReturn(mock(RemoteEndpoint.Async.class));
        NativeWebSocketSession session = mock(NativeWebSocketSession.class);
        when(session.getNativeSession(Session.class)).thenReturn(container);
        when(session.getId()).thenReturn("teacher-socket");
        when(session.isOpen()).thenReturn(true);
        when(session.getAttributes()).thenReturn(new HashMap<>());
        return session;
    }
}
