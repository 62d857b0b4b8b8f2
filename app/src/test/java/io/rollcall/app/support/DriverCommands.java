package io.rollcall.app.support;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Records the commands the application's MongoDB driver sends, with the thread that sent each, while a test
 * asks it to ({@link #during}). Registered as a bean, it is handed to the driver like any command listener.
 */
public final class DriverCommands implements CommandListener {

    /** One command: its name (insert, find, update, ...), the collection it names, and the sending thread. */
    public record Sent(String command, String collection, String thread) {
        public boolean isRead() {
            return READS.contains(command);
        }
    }

    private static final Set<String> READS = Set.of("find", "aggregate", "count", "distinct", "getMore");

    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private volatile boolean recording;

    @Override
    public void commandStarted(CommandStartedEvent event) {
        if (recording) {
            String name = event.getCommandName();
            var target = event.getCommand().get(name);
            sent.add(new Sent(name, target != null && target.isString() ? target.asString().getValue() : "",
                    Thread.currentThread().getName()));
        }
    }

    /** Runs {@code work} and returns the commands sent while it ran, in the order they were sent. */
    public synchronized List<Sent> during(Supplier<?> work) {
        sent.clear();
        recording = true;
        try {
            work.get();
        } finally {
            recording = false;
        }
        return List.copyOf(sent);
    }
}
