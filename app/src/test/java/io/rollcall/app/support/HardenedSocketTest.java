package io.rollcall.app.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@link RollcallTest}'s application with the WebSocket limits made small and fast, so tests of the limits run in
 * seconds: 40 frames a minute per socket and 10 refusals before the close, 10 sockets per user, a ping every
 * 250 ms and an idle timeout of 3 s (short, yet long enough for a client on a busy machine to answer), one
 * summary per 300 ms, and a send timeout of 60 s (so a stuck peer that held a thread would visibly stall
 * everyone). The server's socket send buffers are small (4 KiB), so a peer that stops reading fills them after
 * a few hundred frames instead of a few megabytes. One cached context for every class using it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rollcall.db-url=",
        "rollcall.embedded-backend=memory",
        "rollcall.jwt-secret=" + RollcallTest.JWT_SECRET,
        "rollcall.throttle.signups-per-address=1000000/1m",
        "rollcall.ws.messages-per-socket=" + HardenedSocketTest.MESSAGES_PER_MINUTE + "/1m",
        "rollcall.ws.refusals-before-close=" + HardenedSocketTest.REFUSALS_BEFORE_CLOSE,
        "rollcall.ws.sockets-per-user=" + HardenedSocketTest.SOCKETS_PER_USER,
        "rollcall.ws.ping-interval=250ms",
        "rollcall.ws.idle-timeout=3s",
        "rollcall.ws.summary-interval=300ms",
        "rollcall.ws.send-timeout=60s"})
@Import(HardenedSocketTest.SmallSendBuffers.class)
public @interface HardenedSocketTest {

    int MESSAGES_PER_MINUTE = 40;
    int REFUSALS_BEFORE_CLOSE = 10;
    int SOCKETS_PER_USER = 10;

    @TestConfiguration(proxyBeanMethods = false)
    class SmallSendBuffers {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffers() {
            return factory -> factory.addConnectorCustomizers(
                    connector -> connector.setProperty("socket.txBufSize", "4096"));
        }
    }
}
