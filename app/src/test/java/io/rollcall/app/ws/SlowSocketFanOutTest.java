package io.rollcall.app.ws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.adapter.AbstractWebSocketSession;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A peer that stops reading must not hold up the room: its writes block (as a full TCP buffer would), the
 * others still receive every message, and once it is {@link SocketOutbox#MAX_QUEUED} messages behind it is
 * closed. Sessions here are in-memory sockets whose writes can be made to block; the outboxes, sender threads
 * and registry are the real ones.
 */
class SlowSocketFanOutTest {

    private final SocketSenders senders = new SocketSenders();
    private final SocketRegistry registry = new SocketRegistry(senders);

    @AfterEach
    void stop() {
        senders.destroy();
    }

    @Test
    void aStuckSocketIsDroppedWhileTheOthersReceiveEverything() {
        CountDownLatch neverReleased = new CountDownLatch(1);
        FakeSession stuck = new FakeSession("stuck", neverReleased);
        List<FakeSession> healthy = IntStream.range(0, 20).mapToObj(i -> new FakeSession("ok-" + i, null)).toList();
        registry.register("stuck-user", stuck);
        healthy.forEach(s -> registry.register("user-" + s.getId(), s));

        int messages = SocketOutbox.MAX_QUEUED + 200;
        for (int i = 0; i < messages; i++) {
            TextMessage frame = new TextMessage("{\"event\":\"ATTENDANCE_MARKED\",\"n\":" + i + "}");
            registry.sendToUser("stuck-user", frame, null);
            healthy.forEach(s -> registry.sendToUser("user-" + s.getId(), frame, null));
            if ((i + 1) % (SocketOutbox.MAX_QUEUED / 2) == 0) {
                // paced, so a healthy socket is never a whole queue behind, however slow the machine
                int sent = i + 1;
                await().atMost(10, TimeUnit.SECONDS).until(() ->
                        healthy.stream().allMatch(s -> s.received.size() == sent));
            }
        }

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                healthy.forEach(s -> assertThat(s.received).hasSize(messages)));
        healthy.forEach(s -> assertThat(s.received.get(messages - 1)).contains("\"n\":" + (messages - 1)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> stuck.closedWith.get() != null);
        assertThat(stuck.closedWith.get()).isEqualTo(CloseStatus.SERVICE_OVERLOAD);
        assertThat(stuck.received).hasSizeLessThanOrEqualTo(1);
        neverReleased.countDown();
    }

    @Test
    void eachSocketReceivesItsMessagesInOrder() {
        FakeSession session = new FakeSession("ordered", null);
        registry.register("user", session);
        for (int i = 0; i < 500; i++) {
            registry.sendToUser("user", new TextMessage(Integer.toString(i)), null);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> session.received.size() == 500);
        assertThat(session.received).containsExactlyElementsOf(
                IntStream.range(0, 500).mapToObj(Integer::toString).toList());
    }

    @Test
    void aRoomIsWrittenASliceAtATimeNotInOneBurst() {
        List<FakeSession> room = IntStream.range(0, 2 * SocketSenders.LINGER_SLICES)
                .mapToObj(i -> new FakeSession("room-" + i, null)).toList();
        room.forEach(s -> registry.register("user-" + s.getId(), s));
        TextMessage frame = new TextMessage("{\"event\":\"ATTENDANCE_MARKED\"}");
        room.forEach(s -> registry.sendToUser("user-" + s.getId(), frame, null));

        await().atMost(10, TimeUnit.SECONDS).until(() -> room.stream().allMatch(s -> s.received.size() == 1));
        // one release for the whole room would write every socket within a moment; slices have turns spread
        // over the linger, so the first and the last socket are written seven turns apart (asserted: one, which a
        // watcher late by up to six turns still gives)
        LongSummaryStatistics writtenAt = room.stream().mapToLong(s -> s.firstWriteAt).summaryStatistics();
        long sliceTurn = TimeUnit.MILLISECONDS.toNanos(SocketSenders.LINGER_MS) / SocketSenders.LINGER_SLICES;
        assertThat(writtenAt.getMax() - writtenAt.getMin()).isGreaterThanOrEqualTo(sliceTurn);
    }

    @Test
    void aSocketWrittenAsynchronouslyIsNotHeldToOneFramePerLinger() {
        List<String> written = new CopyOnWriteArrayList<>();
        ExecutorService completions = Executors.newSingleThreadExecutor();
        try {
            FakeSession session = new FakeSession("async", null, null,
                    asyncOnlyContainerSession(written, completions));
            registry.register("user", session);
            registry.outboxOf("async").writeAsynchronously(); // as after a stalled blocking write
            int frames = 50;
            long start = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                registry.sendToUser("user", new TextMessage(Integer.toString(i)), null);
            }

            await().atMost(10, TimeUnit.SECONDS).until(() -> written.size() == frames);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(written).containsExactlyElementsOf(IntStream.range(0, frames).mapToObj(Integer::toString).toList());
            // a linger before each write took at least (frames - 1) lingers; back to back it takes milliseconds
            assertThat(tookMs).isLessThan(frames * SocketSenders.LINGER_MS / 3);
        } finally {
            completions.shutdownNow();
        }
    }

    /** A container session whose asynchronous sends complete at once, on another thread, as the container's do. */
    private static jakarta.websocket.Session asyncOnlyContainerSession(List<String> written, ExecutorService completions) {
        jakarta.websocket.RemoteEndpoint.Async async = proxy(jakarta.websocket.RemoteEndpoint.Async.class,
                (method, args) -> {
                    if (method.equals("sendText") && args.length == 2
                            && args[1] instanceof jakarta.websocket.SendHandler handler) {
                        written.add((String) args[0]);
                        completions.execute(() -> handler.onResult(new jakarta.websocket.SendResult()));
                    }
                    return null;
                });
        jakarta.websocket.RemoteEndpoint.Basic basic = proxy(jakarta.websocket.RemoteEndpoint.Basic.class,
                (method, args) -> {
                    throw new AssertionError("a blocking " + method + " on a socket written asynchronously");
                });
        return proxy(jakarta.websocket.Session.class, (method, args) -> switch (method) {
            case "getAsyncRemote" -> async;
            case "getBasicRemote" -> basic;
            default -> null;
        });
    }

    private interface Calls {
        Object call(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Calls calls) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> calls.call(method.getName(), args == null ? new Object[0] : args)));
    }

    @Test
    void aSenderStuckInAWriteIsReplacedAndEndsOnceTheWriteReturns() {
        CountDownLatch release = new CountDownLatch(1);
        List<FakeSession> stuck = IntStream.range(0, SocketSenders.THREADS + 2)
                .mapToObj(i -> new FakeSession("stuck-" + i, release)).toList();
        FakeSession healthy = new FakeSession("healthy", null);
        stuck.forEach(s -> registry.register("user-" + s.getId(), s));
        registry.register("healthy-user", healthy);
        try {
            // more stuck writes than sender threads: without replacements the healthy socket would wait for them
            stuck.forEach(s -> registry.sendToUser("user-" + s.getId(), new TextMessage("first"), null));
            await().atMost(10, TimeUnit.SECONDS).until(() -> stuck.stream().allMatch(s -> s.received.size() == 1));
            registry.sendToUser("healthy-user", new TextMessage("still served"), null);
            await().atMost(10, TimeUnit.SECONDS).until(() -> healthy.received.contains("still served"));
            // one thread stays in each stuck write, and the pool still has its full count of free senders
            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> senders.senderThreads() == SocketSenders.THREADS + stuck.size());
        } finally {
            release.countDown();
        }
        // the stalled senders end once their writes return; the pool is back to its size
        await().atMost(10, TimeUnit.SECONDS).until(() -> senders.senderThreads() == SocketSenders.THREADS);
    }

    @Test
    void closingManyStuckSocketsUsesABoundedNumberOfThreads() {
        CountDownLatch release = new CountDownLatch(1);
        List<FakeSession> stuck = IntStream.range(0, 50)
                .mapToObj(i -> new FakeSession("stuck-" + i, null, release)).toList();
        stuck.forEach(s -> registry.register("user-" + s.getId(), s));
        try {
            stuck.forEach(s -> senders.closeAside(registry.outboxOf(s.getId()), CloseStatus.SERVICE_OVERLOAD));
            // as many closes as there are closer threads are stuck; the rest wait their turn
            await().atMost(10, TimeUnit.SECONDS).until(() -> stuck.stream().filter(s -> s.closing.get()).count()
                    == SocketSenders.CLOSE_THREADS);
            assertThat(senders.closerThreads()).isEqualTo(SocketSenders.CLOSE_THREADS);
        } finally {
            release.countDown();
        }
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                stuck.forEach(s -> assertThat(s.closedWith.get()).isEqualTo(CloseStatus.SERVICE_OVERLOAD)));
    }

    /** An open socket in memory; with a latch, its first write blocks like a peer that stopped reading. */
    private static final class FakeSession extends AbstractWebSocketSession<Object> {
        private final String id;
        private final CountDownLatch blockUntil;
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile long firstWriteAt;
        final AtomicReference<CloseStatus> closedWith = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        private final CountDownLatch closeBlocksUntil;

        FakeSession(String id, CountDownLatch blockUntil) {
            this(id, blockUntil, null);
        }

        /** With {@code closeBlocksUntil}, closing blocks like a close frame behind a stuck write. */
        FakeSession(String id, CountDownLatch blockUntil, CountDownLatch closeBlocksUntil) {
            this(id, blockUntil, closeBlocksUntil, new Object());
        }

        /** With a container session as {@code nativeSession}, the outbox writes through it. */
        FakeSession(String id, CountDownLatch blockUntil, CountDownLatch closeBlocksUntil, Object nativeSession) {
            super(Map.of());
            this.id = id;
            this.blockUntil = blockUntil;
            this.closeBlocksUntil = closeBlocksUntil;
            initializeNativeSession(nativeSession);
        }

        @Override
        protected void sendTextMessage(TextMessage message) throws java.io.IOException {
            if (firstWriteAt == 0) {
                firstWriteAt = System.nanoTime();
            }
            received.add(message.getPayload());
            if (blockUntil != null) {
                try {
                    blockUntil.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.IOException(e);
                }
            }
        }

        @Override
        protected void closeInternal(CloseStatus status) {
            if (closeBlocksUntil != null) {
                closing.set(true);
                try {
                    closeBlocksUntil.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closedWith.compareAndSet(null, status);
        }

        @Override
        public boolean isOpen() {
            return closedWith.get() == null;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override protected void sendBinaryMessage(org.springframework.web.socket.BinaryMessage message) { }
        @Override protected void sendPingMessage(org.springframework.web.socket.PingMessage message) { }
        @Override protected void sendPongMessage(org.springframework.web.socket.PongMessage message) { }
        @Override public URI getUri() { return null; }
        @Override public org.springframework.http.HttpHeaders getHandshakeHeaders() { return new org.springframework.http.HttpHeaders(); }
        @Override public java.security.Principal getPrincipal() { return null; }
        @Override public InetSocketAddress getLocalAddress() { return null; }
        @Override public InetSocketAddress getRemoteAddress() { return null; }
        @Override public String getAcceptedProtocol() { return null; }
        @Override public void setTextMessageSizeLimit(int limit) { }
        @Override public int getTextMessageSizeLimit() { return 0; }
        @Override public void setBinaryMessageSizeLimit(int limit) { }
        @Override public int getBinaryMessageSizeLimit() { return 0; }
        @Override public List<org.springframework.web.socket.WebSocketExtension> getExtensions() { return List.of(); }
    }
}
