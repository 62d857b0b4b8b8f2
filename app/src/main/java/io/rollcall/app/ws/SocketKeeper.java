package io.rollcall.app.ws;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the open sockets honest, on one timer thread that never writes to a socket itself (it only queues):
 * <ul>
 *   <li>every {@code pingInterval} each socket is sent a ping (queued on its outbox, so it never interleaves
 *       with a frame being written; a socket busy writing is not pinged); a peer from which nothing arrived, not
 *       even a pong, and which took none of our frames, for {@code idleTimeout} is dead and its socket is closed
 *       with 1001 (going away);</li>
 *   <li>when a socket's token expires, the socket is sent ERROR {@code "Unauthorized or invalid token"} and
 *       closed with 1008 (policy violation), as a handshake with that token would have been;</li>
 *   <li>the TODAY_SUMMARY coalescing windows ({@link SummaryCoalescer}) end on this timer.</li>
 * </ul>
 */
@Component
public class SocketKeeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SocketKeeper.class);

    private final SocketRegistry sockets;
    private final SocketMessages messages;
    private final Clock clock;
    private final Duration idleTimeout;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "ws-keeper");
        thread.setDaemon(true);
        return thread;
    });

    public SocketKeeper(SocketRegistry sockets, SocketMessages messages, SocketSettings settings, Clock clock) {
        this.sockets = sockets;
        this.messages = messages;
        this.clock = clock;
        this.idleTimeout = settings.idleTimeout();
        timer.setRemoveOnCancelPolicy(true); // a closed socket's expiry task does not linger until its time
        long ping = settings.pingInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pingAndReap, ping, ping, TimeUnit.MILLISECONDS);
    }

    /** Closes the socket when its token expires (the task goes with the socket, see {@link SocketLimits}). */
    void watchExpiry(SocketOutbox outbox) {
        Instant expiresAt = outbox.limits().tokenExpiresAt();
        if (expiresAt == null) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
        outbox.limits().expiry(timer.schedule(() -> expired(outbox), delay, TimeUnit.MILLISECONDS));
    }

    /** The token of this socket expired: the contract's answer to a bad token, then the close. */
    void expired(SocketOutbox outbox) {
        outbox.sendThenClose(messages.error(SocketMessages.UNAUTHORIZED), CloseStatus.POLICY_VIOLATION);
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pingAndReap() {
        try {
            long idleNanos = idleTimeout.toNanos();
            for (SocketOutbox outbox : sockets.all()) {
                SocketLimits limits = outbox.limits();
                if (limits == null) {
                    continue;
                }
                if (limits.nanosSinceHeard() > idleNanos) {
                    log.info("Closing socket {}: nothing heard from its peer for {}", outbox.session().getId(),
                            idleTimeout);
                    outbox.sendThenClose(null, CloseStatus.GOING_AWAY);
                } else {
                    outbox.ping();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not ping the open sockets", e);
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
