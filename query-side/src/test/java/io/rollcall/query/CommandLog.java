package io.rollcall.query;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands the driver sent, as the server received them, and how many documents their replies carried:
 * lets a test see how a query was answered, not only what it answered. Records only once a test has called
 * {@link #clear()}, so tests that never look pay nothing for it.
 */
final class CommandLog implements CommandListener {

    private final List<BsonDocument> commands = new ArrayList<>();
    private long documentsReturned;
    private boolean recording;

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        if (!recording) {
            return;
        }
        commands.add(event.getCommand().clone()); // the driver reuses the buffer afterwards
    }

    @Override
    public synchronized void commandSucceeded(CommandSucceededEvent event) {
        if (!recording) {
            return;
        }
        BsonDocument cursor = event.getResponse().getDocument("cursor", null);
        if (cursor != null) {
            BsonValue batch = cursor.containsKey("firstBatch") ? cursor.get("firstBatch") : cursor.get("nextBatch");
            documentsReturned += batch instanceof BsonArray array ? array.size() : 0;
        }
    }

    /** Forgets what was recorded and records from now on. */
    synchronized void clear() {
        recording = true;
        commands.clear();
        documentsReturned = 0;
    }

    /** Every command since the last {@link #clear()}, in order. */
    synchronized List<BsonDocument> commands() {
        return new ArrayList<>(commands);
    }

    /** Documents in the cursor replies since the last {@link #clear()}. */
    synchronized long documentsReturned() {
        return documentsReturned;
    }
}
