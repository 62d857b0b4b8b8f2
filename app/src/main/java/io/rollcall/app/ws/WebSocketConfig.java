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
     * Requests are tiny; a larger frame is answered {@code Invalid message format} (the handler receives frames in
     * parts of at most this size and keeps no more than this of one frame).
     */
    static final int MAX_FRAME_BYTES = 16 * 1024;

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
        container.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
        container.setMaxBinaryMessageBufferSize(MAX_FRAME_BYTES);
        // an asynchronous write to a peer that stopped reading fails after this, and the socket is closed
        container.setAsyncSendTimeout(settings.sendTimeout().toMillis());
        return container;
    }
}
