package io.rollcall.query;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where projections send their writes. An event processor's batch of events is written together: its thread's
 * writes are collected from {@link #begin} and sent by {@link #flush} as ordered bulk writes, one round trip (and
 * on the embedded server one commit) per collection instead of one per event, before the processor moves its
 * position past the batch. A replay runs {@link #batched}, flushing every {@link #BATCH} writes. Outside both, a
 * write goes to MongoDB at once.
 *
 * <p>Deferring is safe because no projection handler reads back what its projection wrote; each collection's
 * writes stay in their order; and a batch or replay counts as applied only once its writes have been flushed.
 */
@Component
public class ProjectionWriter {

    /** Writes collected before they are sent. */
    static final int BATCH = 1_000;
    private static final BulkWriteOptions IN_ORDER = new BulkWriteOptions().ordered(true);

    private final ThreadLocal<Batch> current = new ThreadLocal<>();

    public void write(MongoCollection<Document> collection, WriteModel<Document> write) {
        writeAll(collection, List.of(write));
    }

    public void writeAll(MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Batch batch = current.get();
        if (batch == null) {
            collection.bulkWrite(writes, IN_ORDER);
        } else {
            batch.add(collection, writes);
        }
    }

    /** Starts collecting this thread's writes (a processor's batch); anything left from a failed batch is dropped. */
    public void begin() {
        current.set(new Batch());
    }

    /**
     * Sends what this thread collected since {@link #begin}, and stops collecting. If sending fails, the writes
     * stay collected, so calling it again sends them again (they are idempotent); {@link #discard} drops them.
     */
    public void flush() {
        Batch batch = current.get();
        if (batch != null) {
            batch.flush();
            current.remove();
        }
    }

    /** Drops what this thread collected (its batch failed and will be handled again), and stops collecting. */
    public void discard() {
        current.remove();
    }

    /**
     * Runs {@code work} with this thread's projection writes batched; they are all written before it returns.
     * If {@code work} throws, what was still pending is dropped: a failed replay leaves its projections unbuilt.
     */
    public <T> T batched(Supplier<T> work) {
        if (current.get() != null) {
            return work.get(); // already inside a batch: the outer one writes
        }
        Batch batch = new Batch();
        current.set(batch);
        try {
            T result = work.get();
            batch.flush();
            return result;
        } finally {
            current.remove();
        }
    }

    /** Pending writes per collection, in the order they were made. */
    private static final class Batch {

        private final Map<MongoNamespace, CoalescedWrites> pending = new LinkedHashMap<>();
        private int size;

        void add(MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes) {
            CoalescedWrites queued = pending.computeIfAbsent(collection.getNamespace(),
                    ns -> new CoalescedWrites(collection));
            writes.forEach(queued::add);
            size += writes.size();
            if (size >= BATCH) {
                flush();
            }
        }

        void flush() {
            // collections are independent of one another (each projection writes its own), so only the order
            // within one collection matters
            pending.values().forEach(p -> p.collection().bulkWrite(p.writes(), IN_ORDER));
            pending.clear();
            size = 0;
        }
    }
}
