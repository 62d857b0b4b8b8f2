package io.rollcall.app.eventstore;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.ServerAddress;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Appends made while another is being written are inserted together, and each caller still hears only the
 * outcome of its own documents. Over the wire to the embedded server, through the real driver; the first insert
 * is held in the driver (a command listener) until the others have queued behind it.
 */
class GroupCommitTest {

    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> collection;
    private final GroupCommit appends = new GroupCommit();
    /** The number of documents of each insert the driver sent, in order. */
    private final List<Integer> inserts = new CopyOnWriteArrayList<>();
    /** When set, the next insert waits in the driver until it is counted down. */
    private final AtomicReference<CountDownLatch> holdNextInsert = new AtomicReference<>();

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        CommandListener countAndHold = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (!event.getCommandName().equals("insert")) {
                    return;
                }
                inserts.add(event.getCommand().getArray("documents").size());
                CountDownLatch hold = holdNextInsert.getAndSet(null);
                if (hold != null) {
                    await().atMost(10, TimeUnit.SECONDS).until(() -> hold.await(0, TimeUnit.SECONDS));
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyToClusterSettings(c -> c.hosts(List.of(new ServerAddress(address.getHostString(),
                        address.getPort()))))
                .addCommandListener(countAndHold)
                .build());
        collection = client.getDatabase("test").getCollection("events");
        collection.createIndex(Indexes.ascending("k"), new IndexOptions().unique(true));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static Document doc(int k) {
        return new Document("k", k);
    }

    /** Starts one appending thread and, unless it is the first, waits until it is queued behind the insert. */
    private Thread append(String name, List<Document> documents, Map<String, Throwable> outcomes) {
        Thread thread = new Thread(() -> {
            try {
                appends.insert(collection, documents);
                outcomes.put(name, new NoError());
            } catch (Throwable e) {
                outcomes.put(name, e);
            }
        }, name);
        int sent = inserts.size();
        thread.start();
        // the first is held in the driver, the others wait in the group commit
        await().atMost(10, TimeUnit.SECONDS).until(() -> inserts.size() > sent
                || thread.getState() == Thread.State.WAITING);
        return thread;
    }

    /** What an append that succeeded leaves in the outcomes. */
    private static final class NoError extends Throwable {
    }

    @Test
    void appendsQueuedBehindAnInsertGoInOneInsert() throws Exception {
        Map<String, Throwable> outcomes = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        holdNextInsert.set(release);
        List<Thread> threads = new ArrayList<>();
        threads.add(append("first", List.of(doc(0)), outcomes));
        for (int i = 1; i <= 5; i++) {
            threads.add(append("queued-" + i, List.of(doc(i * 10), doc(i * 10 + 1)), outcomes));
        }
        release.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        assertThat(outcomes).hasSize(6).allSatisfy((name, outcome) -> assertThat(outcome).isInstanceOf(NoError.class));
        assertThat(inserts).containsExactly(1, 10);
        assertThat(collection.countDocuments()).isEqualTo(11);
    }

    @Test
    void aConflictFailsOnlyItsOwnAppendAndTheOnesAfterItAreStillWritten() throws Exception {
        collection.insertOne(doc(5));
        inserts.clear();
        Map<String, Throwable> outcomes = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        holdNextInsert.set(release);
        List<Thread> threads = List.of(
                append("first", List.of(doc(1)), outcomes),
                append("before", List.of(doc(2), doc(3)), outcomes),
                append("conflicting", List.of(doc(4), doc(5)), outcomes),
                append("after", List.of(doc(6)), outcomes));
        release.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }

        assertThat(outcomes.get("first")).isInstanceOf(NoError.class);
        assertThat(outcomes.get("before")).isInstanceOf(NoError.class);
        assertThat(outcomes.get("conflicting")).isInstanceOf(MongoBulkWriteException.class);
        assertThat(((MongoBulkWriteException) outcomes.get("conflicting")).getWriteErrors().get(0).getCode())
                .isEqualTo(11000);
        assertThat(outcomes.get("after")).isInstanceOf(NoError.class);
        // the group stopped at the conflict; the append after it went in the next insert
        assertThat(inserts).containsExactly(1, 5, 1);
        assertThat(collection.find().map(d -> d.getInteger("k")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }
}
