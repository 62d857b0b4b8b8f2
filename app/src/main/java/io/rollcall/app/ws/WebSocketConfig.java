package io.rollcall.app.ws;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Plain JSON text frames at {@code /ws}: no STOMP, no sub-protocol. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class WebSocketConfig implements WebSocketConfigurer {

    /**
     * Requests are tiny; a larger frame is answered {@code Invalid message format} (the handler keeps no more than
     * this of one frame).
     */
    static final int MAX_FRAME_BYTES = 16 * 1024;
    /**
     * The container's buffers per socket, in characters of text and bytes of binary: a frame larger than these
     * reaches the handler in parts, which it joins up to {@link #MAX_FRAME_BYTES}. Tomcat allocates both for every
     * socket (the text one at two bytes a character), so at 16 KiB each they were half of an idle socket's heap.
     */
    static final int CONTAINER_TEXT_CHARS = 2 * 1024;
    static final int CONTAINER_BINARY_BYTES = 1024;

    private final AttendanceSocketHandler handler;
    private final TokenHandshakeInterceptor tokens;
    private final SocketSettings settings;

    public WebSocketConfig(AttendanceSocketHandler handler, TokenHandshakeInterceptor tokens,
                           SocketSettings settings) {
        this.handler = handler;
        this.tokens = tokens;
        this.settings = settings;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws").addInterceptors(tokens).setAllowedOriginPatterns("*");
    }

    @Bean
    public ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(CONTAINER_TEXT_CHARS);
        container.setMaxBinaryMessageBufferSize(CONTAINER_BINARY_BYTES);
        // an asynchronous write to a peer that stopped reading fails after this, and the socket is closed
        container.setAsyncSendTimeout(settings.sendTimeout().toMillis());
        return container;
    }
}
