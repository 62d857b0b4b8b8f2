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

    /** A held write never counts as stuck here: the frames behind it stay on the blocking path being tested. */
    private final SocketSenders senders = new SocketSenders(Duration.ofSeconds(5), Duration.ofMinutes(1));
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
        echoWhileTheFirstWriteIsHeld(() -> outbox.sendNow(new TextMessage("echo")), releaseFirst);

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
        echoWhileTheFirstWriteIsHeld(() -> {
            outbox.sendNow(new TextMessage("echo"));
            writes.add("echo returned@echo");
        }, releaseFirst);

        assertThat(writes).extracting(w -> w.substring(0, w.indexOf('@')))
                .containsExactly("first", "batching true", "a", "b", "echo", "batching false", "echo returned");
    }

    /**
     * Runs {@code echo} on a thread of its own and releases the held first write only once the echo waits behind
     * it (or, wrongly, was written past it); then the echo must finish.
     */
    private static void echoWhileTheFirstWriteIsHeld(Runnable echo, CountDownLatch releaseFirst)
            throws InterruptedException {
        Thread thread = new Thread(echo, "echo");
        thread.start();
        await().pollInterval(Duration.ofMillis(1)).until(() -> thread.getState() == Thread.State.TIMED_WAITING
                || thread.getState() == Thread.State.TERMINATED);
        releaseFirst.countDown();
        thread.join(5_000);
        assertThat(thread.isAlive()).isFalse();
    }

    /**
     * Records each write, asynchronous ones too; the write of "first" signals {@code started} and waits for
     * {@code release}.
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
