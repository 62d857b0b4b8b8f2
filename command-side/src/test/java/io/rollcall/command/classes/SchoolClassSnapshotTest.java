package io.rollcall.command.classes;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rollcall.api.Rejection;
import io.rollcall.api.classes.EnrolStudent;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.MarkAttendance;
import io.rollcall.api.session.SessionFinalized;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static io.rollcall.command.Rejections.rejectedWith;
import static io.rollcall.command.classes.ClassHistory.ALICE;
import static io.rollcall.command.classes.ClassHistory.BOB;
import static io.rollcall.command.classes.ClassHistory.CAROL;
import static io.rollcall.command.classes.ClassHistory.CLASS;
import static io.rollcall.command.classes.ClassHistory.CLOCK;
import static io.rollcall.command.classes.ClassHistory.DAVE;
import static io.rollcall.command.classes.ClassHistory.NOW;
import static io.rollcall.command.classes.ClassHistory.OTHER_TEACHER;
import static io.rollcall.command.classes.ClassHistory.S1;
import static io.rollcall.command.classes.ClassHistory.STUDENTS;
import static io.rollcall.command.classes.ClassHistory.TEACHER;
import static io.rollcall.command.classes.ClassHistory.autoAbsentNow;
import static io.rollcall.command.classes.ClassHistory.created;
import static io.rollcall.command.classes.ClassHistory.enrolled;
import static io.rollcall.command.classes.ClassHistory.marked;
import static io.rollcall.command.classes.ClassHistory.markedNow;
import static io.rollcall.command.classes.ClassHistory.newFixture;
import static io.rollcall.command.classes.ClassHistory.started;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link SchoolClass} loaded from a Jackson snapshot behaves like one replayed from its events.
 *
 * <p>The snapshot is made by Axon's {@link AggregateSnapshotter} from the event history, its payload goes through
 * a {@link JacksonSerializer} configured like the app's (AxonConfig#serializer) to bytes and back, as the Mongo
 * storage engine does, and the fixture then loads the class from that snapshot the way the event-sourcing
 * repository does in production: a first event whose payload is the aggregate itself, then any later events.
 * Each behaviour is checked for all three ways of loading.
 */
class SchoolClassSnapshotTest {

    /** As the app's AxonConfig#serializer (the app module is not a dependency of the command side). */
    private static final Serializer SERIALIZER = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY))
            .lenientDeserialization()
            .build();

    /** Unmarked students in enrolment order: bob, alice, carol (neither alphabetical nor HashSet order). */
    private static final List<Object> HISTORY = List.of(created(), enrolled(BOB), enrolled(DAVE), enrolled(ALICE),
            enrolled(CAROL), started(S1), marked(S1, DAVE, PRESENT, null));
    /** Where {@link Loading#SNAPSHOT_THEN_EVENTS} cuts the history: after the session started. */
    private static final int SNAPSHOT_AFTER = 6;

    enum Loading {
        /** Replaying every event: the reference behaviour. */
        EVENTS {
            @Override
            List<Object> given() {
                return HISTORY;
            }
        },
        /** A snapshot of the whole history. */
        SNAPSHOT {
            @Override
            List<Object> given() {
                return List.of(jacksonSnapshotOf(HISTORY));
            }
        },
        /** A snapshot of part of the history, then the events after it. */
        SNAPSHOT_THEN_EVENTS {
            @Override
            List<Object> given() {
                List<Object> given = new ArrayList<>();
                given.add(jacksonSnapshotOf(HISTORY.subList(0, SNAPSHOT_AFTER)));
                given.addAll(HISTORY.subList(SNAPSHOT_AFTER, HISTORY.size()));
                return given;
            }
        };

        abstract List<Object> given();
    }

    private static TestExecutor<SchoolClass> loaded(Loading loading) {
        AggregateTestFixture<SchoolClass> fixture = newFixture();
        // the fixture re-reads its given events to compare states, and the snapshot payload is one shared instance
        // that the command under test mutates: such a comparison would compare the instance with itself
        fixture.setReportIllegalStateChange(loading == Loading.EVENTS);
        return fixture.given(loading.given());
    }

    @ParameterizedTest
    @EnumSource(Loading.class)
    void finalizeMarksTheUnmarkedAbsentInEnrolmentOrder(Loading loading) {
        loaded(loading)
                .when(new FinalizeSession(CLASS, S1, TEACHER))
                .expectEvents(autoAbsentNow(S1, BOB), autoAbsentNow(S1, ALICE), autoAbsentNow(S1, CAROL),
                        new SessionFinalized(CLASS, S1, TEACHER, NOW,
                                Map.of(BOB, ABSENT, DAVE, PRESENT, ALICE, ABSENT, CAROL, ABSENT), 1, 3));
    }

    @ParameterizedTest
    @EnumSource(Loading.class)
    void aReMarkStillCarriesThePreviousStatus(Loading loading) {
        loaded(loading)
                .when(new MarkAttendance(CLASS, S1, DAVE, ABSENT, TEACHER))
                .expectEvents(markedNow(S1, DAVE, ABSENT, PRESENT));
    }

    @ParameterizedTest
    @EnumSource(Loading.class)
    void theEnrolmentIsKept(Loading loading) {
        loaded(loading)
                .when(new EnrolStudent(CLASS, BOB, TEACHER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(Loading.class)
    void theOwnerIsKept(Loading loading) {
        loaded(loading)
                .when(new MarkAttendance(CLASS, S1, BOB, PRESENT, OTHER_TEACHER))
                .expectException(rejectedWith(Rejection.NOT_CLASS_TEACHER))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(Loading.class)
    void theActiveSessionIsKept(Loading loading) {
        loaded(loading)
                .when(new MarkAttendance(CLASS, "session-other", BOB, PRESENT, TEACHER))
                .expectException(rejectedWith(Rejection.NO_ACTIVE_SESSION))
                .expectNoEvents();
    }

    @Test
    void theSnapshotIsJsonOfTheClassState() {
        String json = new String(serialize(snapshotOf(HISTORY).getPayload()).getData(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"teacherId\":\"" + TEACHER + "\"",
                "\"studentIds\":[\"" + BOB + "\",\"" + DAVE + "\",\"" + ALICE + "\",\"" + CAROL + "\"]",
                "\"sessionId\":\"" + S1 + "\"", "\"startedAt\":\"2025-03-10T08:00:00Z\"",
                "\"marks\":{\"" + DAVE + "\":\"PRESENT\"}");
    }

    /** Axon's snapshot of the given history, its payload taken through Jackson to bytes and back. */
    private static DomainEventMessage<?> jacksonSnapshotOf(List<Object> history) {
        DomainEventMessage<?> snapshot = snapshotOf(history);
        SerializedObject<byte[]> bytes = serialize(snapshot.getPayload());
        SchoolClass restored = SERIALIZER.deserialize(bytes);
        return new GenericDomainEventMessage<>(snapshot.getType(), snapshot.getAggregateIdentifier(),
                snapshot.getSequenceNumber(), restored);
    }

    private static SerializedObject<byte[]> serialize(Object payload) {
        return SERIALIZER.serialize(payload, byte[].class);
    }

    /** The snapshot Axon's AggregateSnapshotter takes of a class with the given history. */
    private static DomainEventMessage<?> snapshotOf(List<Object> history) {
        InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
        try {
            for (int i = 0; i < history.size(); i++) {
                eventStore.publish(new GenericDomainEventMessage<>(SchoolClass.class.getSimpleName(), CLASS, i,
                        history.get(i)));
            }
            ParameterResolverFactory resources = MultiParameterResolverFactory.ordered(
                    new SimpleResourceParameterResolverFactory(Arrays.asList(CLOCK, STUDENTS)),
                    ClasspathParameterResolverFactory.forClass(SchoolClass.class));
            AggregateSnapshotter.builder()
                    .eventStore(eventStore)
                    .parameterResolverFactory(resources)
                    .aggregateFactories(new GenericAggregateFactory<>(
                            AnnotatedAggregateMetaModelFactory.inspectAggregate(SchoolClass.class, resources)))
                    .build()
                    .scheduleSnapshot(SchoolClass.class, CLASS); // runs at once (direct executor)
            DomainEventMessage<?> snapshot = storage.readSnapshot(CLASS).orElseThrow();
            assertThat(snapshot.getSequenceNumber()).isEqualTo(history.size() - 1L);
            return snapshot;
        } finally {
            eventStore.shutDown();
        }
    }
}
