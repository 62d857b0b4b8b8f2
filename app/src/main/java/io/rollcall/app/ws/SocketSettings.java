package io.rollcall.app.ws;

import io.rollcall.app.throttle.Rate;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The limits of the live protocol (documented in the README and docs/operations.md; defaults in
 * application.properties, from the environment variables named there).
 *
 * @param messagesPerSocket  frames one socket may send per period; a frame beyond it is answered ERROR
 *                           {@code "Too many requests"} and not handled ({@code WS_MESSAGES_PER_SOCKET})
 * @param refusalsBeforeClose refused frames within one period of {@code messagesPerSocket} after which the socket is
 *                           closed with 1008 (policy violation) ({@code WS_REFUSALS_BEFORE_CLOSE})
 * @param socketsPerUser     open sockets one user may hold at once ({@code WS_SOCKETS_PER_USER})
 * @param socketsPerNode     open sockets this server holds at once ({@code WS_SOCKETS_PER_NODE})
 * @param pingInterval       how often every socket is sent a ping ({@code WS_PING_INTERVAL})
 * @param idleTimeout        a socket from which nothing (no frame, no pong) arrived for this long is closed
 *                           ({@code WS_IDLE_TIMEOUT})
 * @param summaryInterval    at most one TODAY_SUMMARY broadcast per class per interval ({@code WS_SUMMARY_INTERVAL})
 * @param sendTimeout        how long a write may wait on a peer that stopped reading before it is given up
 *                           ({@code WS_SEND_TIMEOUT})
 */
@ConfigurationProperties(prefix = "rollcall.ws")
public record SocketSettings(Rate messagesPerSocket, int refusalsBeforeClose, int socketsPerUser, int socketsPerNode,
                             Duration pingInterval, Duration idleTimeout, Duration summaryInterval,
                             Duration sendTimeout) {

    public SocketSettings {
        if (messagesPerSocket == null || pingInterval == null || idleTimeout == null || summaryInterval == null
                || sendTimeout == null) {
            throw new IllegalArgumentException("every rollcall.ws setting must be set");
        }
        if (refusalsBeforeClose < 1 || socketsPerUser < 1 || socketsPerNode < 1) {
            throw new IllegalArgumentException("rollcall.ws.refusals-before-close, sockets-per-user and "
                    + "sockets-per-node must be at least 1");
        }
        if (!positive(pingInterval) || !positive(idleTimeout) || !positive(sendTimeout)
                || summaryInterval.isNegative()) {
            throw new IllegalArgumentException("rollcall.ws intervals and timeouts must be positive");
        }
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("rollcall.ws.idle-timeout must be longer than the ping interval");
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
