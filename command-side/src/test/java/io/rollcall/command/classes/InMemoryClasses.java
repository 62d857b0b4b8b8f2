package io.rollcall.command.classes;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;

import java.util.List;

import static io.rollcall.command.classes.ClassHistory.CLOCK;
import static io.rollcall.command.classes.ClassHistory.STUDENTS;

/**
 * Event-sourced {@link SchoolClass} aggregates in an in-memory event store, for classes the fixture's
 * single-aggregate repository cannot hold. Events applied in a unit of work are stored when it commits.
 */
final class InMemoryClasses {

    final EmbeddedEventStore eventStore =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    final EventSourcingRepository<SchoolClass> repository = EventSourcingRepository.builder(SchoolClass.class)
            .eventStore(eventStore)
            .parameterResolverFactory(MultiParameterResolverFactory.ordered(
                    new SimpleResourceParameterResolverFactory(List.of(CLOCK, STUDENTS)),
                    ClasspathParameterResolverFactory.forClass(SchoolClass.class)))
            .build();

    /** Stores the history of a class. */
    void given(String classId, Object... events) {
        for (int i = 0; i < events.length; i++) {
            eventStore.publish(new GenericDomainEventMessage<>(SchoolClass.class.getSimpleName(), classId, i,
                    events[i]));
        }
    }

    /** The full stored history of a class, as payloads. */
    List<Object> historyOf(String classId) {
        return eventStore.readEvents(classId).asStream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    void shutDown() {
        eventStore.shutDown();
    }
}
