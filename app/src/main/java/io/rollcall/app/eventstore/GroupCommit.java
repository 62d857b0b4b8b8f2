package io.rollcall.app.eventstore;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.rollcall.app.mongo.DatabaseUnavailable;
import org.bson.Document;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends that arrive while another is being written go to MongoDB together, in one ordered insert: one
 * journaled commit for the events of many units of work (twenty teachers marking at once cost one commit, not
 * twenty). No thread of its own: the first caller writes, and whoever waits when it is done writes the next group.
 * Each caller learns the outcome of its own events as if it had inserted them alone: an ordered insert stops at
 * the first failing document, so the appends before it are stored, the one it belongs to fails (a duplicate
 * (aggregate, sequence) is Axon's concurrency conflict, as before) and the ones after it were not tried and are
 * written again in the next group.
 */
public class GroupCommit {

    /** Documents per insert at most; an append is never split, so one larger than this goes alone. */
    static final int MAX_DOCUMENTS = 1_000;

    private static final InsertManyOptions ORDERED = new InsertManyOptions().ordered(true);

    /** One caller's events, and what became of them. */
    private static final class Append {
        final MongoCollection<Document> collection;
        final List<Document> documents;
        boolean done;
        RuntimeException failure;

        Append(MongoCollection<Document> collection, List<Document> documents) {
            this.collection = collection;
            this.documents = documents;
        }
    }

    /** Guarded by {@code this}: appends not written yet, oldest first. */
    private final ArrayDeque<Append> waiting = new ArrayDeque<>();
    /** Guarded by {@code this}: whether a group is being written. */
    private boolean writing;

    /** Inserts {@code documents} into {@code collection}, with whatever else is waiting; returns once they are. */
    public void insert(MongoCollection<Document> collection, List<Document> documents) {
        Append mine = new Append(collection, documents);
        boolean interrupted = false;
        try {
            synchronized (this) {
                waiting.add(mine);
            }
            while (true) {
                List<Append> group;
                synchronized (this) {
                    // never given up while queued: a leader may be writing it, so its caller must hear the outcome
                    while (writing && !mine.done) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        break;
                    }
                    writing = true;
                    group = nextGroup();
                }
                List<Append> unwritten = List.of();
                RuntimeException unavailable = null;
                try {
                    unwritten = write(group);
                } catch (RuntimeException e) {
                    unavailable = e;
                } finally {
                    synchronized (this) {
                        for (int i = unwritten.size() - 1; i >= 0; i--) {
                            waiting.addFirst(unwritten.get(i));
                        }
                        if (unavailable != null) {
                            // whoever queued while the database could not be reached hears so now, not after a
                            // second timeout of its own (none of it was written)
                            for (Append append : waiting) {
                                finish(append, unavailable);
                            }
                            waiting.clear();
                        }
                        writing = false;
                        notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** The oldest appends waiting, to one collection, up to {@link #MAX_DOCUMENTS} (at least one). */
    private List<Append> nextGroup() {
        List<Append> group = new ArrayList<>();
        int documents = 0;
        while (!waiting.isEmpty()) {
            Append next = waiting.peekFirst();
            if (!group.isEmpty() && (next.collection != group.get(0).collection
                    || documents + next.documents.size() > MAX_DOCUMENTS)) {
                break;
            }
            group.add(waiting.pollFirst());
            documents += next.documents.size();
        }
        return group;
    }

    /**
     * Writes a group, marks each append done (or failed), and answers the appends the insert did not reach.
     * Throws only when the database could not be reached (each append of the group is then failed with it).
     */
    private List<Append> write(List<Append> group) {
        List<Document> all = new ArrayList<>();
        group.forEach(append -> all.addAll(append.documents));
        try {
            group.get(0).collection.insertMany(all, ORDERED);
            group.forEach(append -> finish(append, null));
            return List.of();
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().isEmpty()) {
                group.forEach(append -> finish(append, e));
                return List.of();
            }
            int failedAt = e.getWriteErrors().get(0).getIndex();
            List<Append> unwritten = new ArrayList<>();
            int start = 0;
            for (Append append : group) {
                int end = start + append.documents.size();
                if (end <= failedAt) {
                    finish(append, null);
                } else if (start <= failedAt) {
                    finish(append, e);
                } else {
                    unwritten.add(append);
                }
                start = end;
            }
            return unwritten;
        } catch (RuntimeException e) {
            group.forEach(append -> finish(append, e));
            if (DatabaseUnavailable.isCause(e)) {
                throw e;
            }
            return List.of();
        }
    }

    private static void finish(Append append, RuntimeException failure) {
        append.done = true;
        append.failure = failure;
    }
}
