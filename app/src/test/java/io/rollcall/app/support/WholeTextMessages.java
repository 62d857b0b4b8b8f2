package io.rollcall.app.support;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A WebSocket listener for the JDK client that joins each text message's parts and hands the whole message on;
 * the test clients (our protocol's and the browser's) only differ in what they do with it.
 */
final class WholeTextMessages implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();
    private final Consumer<String> onMessage;
    private final IntConsumer onClosed;

    /** {@code onClosed} gets the close code, or -1 when the connection failed. */
    WholeTextMessages(Consumer<String> onMessage, IntConsumer onClosed) {
        this.onMessage = onMessage;
        this.onClosed = onClosed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            onMessage.accept(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        onClosed.accept(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        onClosed.accept(-1);
    }
}
