package io.rollcall.app.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.AbstractMongoEventStorageStrategy;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Events are stored under their aggregate and sequence number and an aggregate is read back by those keys, over
 * the real driver against the embedded server; events stored before the keys existed are still read, in order,
 * together with newer keyed ones. Snapshots are keyed by their aggregate, one each.
 */
class KeyedLookupStorageStrategyTest {

    private static final String SNAPSHOTS = "snapshotevents";

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        database = client.getDatabase("rollcall");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void eventsAreKeyedByAggregateAndSequenceNumberAndReadBackAcrossWindows() {
        EventStorageEngine store = engine(new KeyedLookupStorageStrategy(Duration.ofSeconds(10), false, false));
        store.appendEvents(events("a", 0, 600)); // more than two windows
        store.appendEvents(events("b", 0, 10));

        assertThat(events().find(new Document("aggregateIdentifier", "a").append("sequenceNumber", 0L)).first())
                .extracting(document -> document.get("_id")).isEqualTo("a/0");
        assertThat(KeyedLookupStorageStrategy.holdsUnkeyed(events())).isFalse();
        assertThat(sequenceNumbers(store, "a", 0)).containsExactlyElementsOf(range(0, 600));
        assertThat(sequenceNumbers(store, "a", 256)).containsExactlyElementsOf(range(256, 600));
        assertThat(sequenceNumbers(store, "b", 0)).containsExactlyElementsOf(range(0, 10));
        assertThat(sequenceNumbers(store, "b", 10)).isEmpty();
    }

    @Test
    void aSecondAppendOfOneSequenceNumberIsStillAConflict() {
        EventStorageEngine store = engine(new KeyedLookupStorageStrategy(Duration.ofSeconds(10), false, false));
        store.appendEvents(events("a", 0, 5));

        assertThatThrownBy(() -> store.appendEvents(events("a", 4, 1))).isInstanceOf(ConcurrencyException.class);
        assertThat(events().countDocuments()).isEqualTo(5);
    }

    @Test
    void eventsStoredBeforeTheKeysAreReadTogetherWithKeyedOnes() {
        engine(new DocumentPerEventStorageStrategy()).appendEvents(events("a", 0, 300)); // generated ids
        engine(new DocumentPerEventStorageStrategy()).appendEvents(events("b", 0, 3));
        assertThat(events().find().first()).extracting(document -> document.get("_id")).isInstanceOf(ObjectId.class);
        assertThat(KeyedLookupStorageStrategy.holdsUnkeyed(events())).isTrue();

        EventStorageEngine store = engine(new KeyedLookupStorageStrategy(Duration.ofSeconds(10), true, false));
        store.appendEvents(events("a", 300, 300));

        assertThat(sequenceNumbers(store, "a", 0)).containsExactlyElementsOf(range(0, 600));
        assertThat(sequenceNumbers(store, "a", 250)).as("a window of old and keyed events")
                .containsExactlyElementsOf(range(250, 600));
        assertThat(sequenceNumbers(store, "a", 400)).containsExactlyElementsOf(range(400, 600));
        assertThat(sequenceNumbers(store, "b", 0)).containsExactlyElementsOf(range(0, 3));
        assertThat(sequenceNumbers(store, "b", 3)).isEmpty();
    }

    @Test
    void aSnapshotIsKeyedByItsAggregateAndReplacesTheLastOne() {
        EventStorageEngine store = engine(new KeyedLookupStorageStrategy(Duration.ofSeconds(10), false, false));
        store.storeSnapshot(snapshot("a", 10));
        store.storeSnapshot(snapshot("a", 20));
        store.storeSnapshot(snapshot("b", 5));

        assertThat(snapshots().countDocuments()).as("one per aggregate").isEqualTo(2);
        assertThat(snapshots().find(new Document("aggregateIdentifier", "a")).first())
                .extracting(document -> document.get("_id")).isEqualTo("a");
        assertThat(KeyedLookupStorageStrategy.holdsUnkeyed(snapshots())).isFalse();
        assertThat(store.readSnapshot("a")).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(20L);
        assertThat(store.readSnapshot("b")).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(5L);
        assertThat(store.readSnapshot("c")).isEmpty();
    }

    @Test
    void aSnapshotStoredBeforeTheKeysIsReadUntilAKeyedOneReplacesIt() {
        engine(new DocumentPerEventStorageStrategy()).storeSnapshot(snapshot("a", 10)); // a generated id
        assertThat(KeyedLookupStorageStrategy.holdsUnkeyed(snapshots())).isTrue();
        EventStorageEngine store = engine(new KeyedLookupStorageStrategy(Duration.ofSeconds(10), false, true));

        assertThat(store.readSnapshot("a")).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(10L);

        store.storeSnapshot(snapshot("a", 20));
        assertThat(store.readSnapshot("a")).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(20L);
        assertThat(snapshots().countDocuments()).as("the old one cleared").isEqualTo(1);
    }

    private MongoCollection<Document> snapshots() {
        return database.getCollection(SNAPSHOTS);
    }

    private static DomainEventMessage<?> snapshot(String aggregate, long sequenceNumber) {
        return new GenericDomainEventMessage<>("Thing", aggregate, sequenceNumber, "state at " + sequenceNumber);
    }

    private MongoCollection<Document> events() {
        return database.getCollection(StoredEvents.COLLECTION);
    }

    private EventStorageEngine engine(AbstractMongoEventStorageStrategy strategy) {
        return MongoEventStorageEngine.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database)
                        .domainEventsCollectionName(StoredEvents.COLLECTION).snapshotEventsCollectionName(SNAPSHOTS)
                        .build())
                .storageStrategy(strategy)
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .build();
    }

    private static List<DomainEventMessage<?>> events(String aggregate, long first, int count) {
        return LongStream.range(first, first + count).<DomainEventMessage<?>>mapToObj(n ->
                new GenericDomainEventMessage<>("Thing", aggregate, n, "event " + n)).toList();
    }

    private static List<Long> sequenceNumbers(EventStorageEngine store, String aggregate, long first) {
        return store.readEvents(aggregate, first).asStream().map(DomainEventMessage::getSequenceNumber).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}
