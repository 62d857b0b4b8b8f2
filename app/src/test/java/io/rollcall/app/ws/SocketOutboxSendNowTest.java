package io.rollcall.app.ws;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
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
    private final RemoteEndpoint.Async async = mock(RemoteEndpoint.Async.class);
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
        Thread echo = new Thread(() -> outbox.sendNow(new TextMessage("echo")), "echo");
        echo.start();
        // release the first write only once the echo waits behind it (or, wrongly, was written past it)
        await().pollInterval(Duration.ofMillis(1)).until(() -> echo.getState() == Thread.State.TIMED_WAITING
                || echo.getState() == Thread.State.TERMINATED);
        releaseFirst.countDown();
        echo.join(5_000);
        assertThat(echo.isAlive()).isFalse();

        assertThat(writes).extracting(w -> w.substring(0, w.indexOf('@'))).containsExactly("first", "echo");
        assertThat(writes.get(1)).as("queued behind the write, so written by a sender").contains("@ws-send-");
    }

    /**
     * Frames that queued up behind a write leave together: the container collects them in its buffer (batching)
     * and writes them at once; the echo among them counts as written only once that buffer is flushed.
     */
    @Test
    void framesQueuedBehindAWriteGoOutTogetherAndCountAsWrittenOnceFlushed() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        recordWrites(firstStarted, releaseFirst);
        doAnswer(call -> writes.add("batching " + call.getArgument(0) + "@" + Thread.currentThread().getName()))
                .when(basic).setBatchingAllowed(anyBoolean());
        SocketOutbox outbox = new SocketOutbox(containerSession(), senders);

        outbox.send(new TextMessage("first"));
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        outbox.send(new TextMessage("a"));
        outbox.send(new TextMessage("b"));
        Thread echo = new Thread(() -> {
            outbox.sendNow(new TextMessage("echo"));
            writes.add("echo returned@echo");
        }, "echo");
        echo.start();
        await().pollInterval(Duration.ofMillis(1)).until(() -> echo.getState() == Thread.State.TIMED_WAITING
                || echo.getState() == Thread.State.TERMINATED);
        releaseFirst.countDown();
        echo.join(5_000);
        assertThat(echo.isAlive()).isFalse();

        assertThat(writes).extracting(w -> w.substring(0, w.indexOf('@')))
                .containsExactly("first", "batching true", "a", "b", "echo", "batching false", "echo returned");
    }

    /**
     * Records each write; the write of "first" signals {@code started} and waits for {@code release}. A write held
     * that long looks stalled to the senders' watcher, which sends the rest asynchronously: those are recorded too.
     */
    private void recordWrites(CountDownLatch started, CountDownLatch release) throws Exception {
        doAnswer(call -> {
            writes.add(call.getArgument(0) + "@" + Thread.currentThread().getName());
            call.<SendHandler>getArgument(1).onResult(new SendResult());
            return null;
        }).when(async).sendText(anyString(), any(SendHandler.class));
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
        when(container.getAsyncRemote()).thenReturn(async);
        NativeWebSocketSession session = mock(NativeWebSocketSession.class);
        when(session.getNativeSession(Session.class)).thenReturn(container);
        when(session.getId()).thenReturn("teacher-socket");
        when(session.isOpen()).thenReturn(true);
        when(session.getAttributes()).thenReturn(new HashMap<>());
        return session;
    }
}
