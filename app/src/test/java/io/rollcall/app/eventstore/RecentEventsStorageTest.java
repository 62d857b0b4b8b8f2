package io.rollcall.app.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the processors read from memory: every event a token has not seen, in the order of the appends, whether
 * the token is asked about again (the event store's reader polls with the same token until it gets events) or
 * an equal token is asked for the first time.
 */
class RecentEventsStorageTest {

    private final RecentEventsStorage storage = new RecentEventsStorage(
            new InMemoryEventStorageEngine(), Duration.ofSeconds(1), 100, Duration.ZERO, null, Duration.ofDays(1));

    @Test
    void aTokenAskedAgainAfterMoreAppendsGetsWhatAFreshEqualTokenGets() {
        storage.appendEvents(events("a", "b", "c"));
        List<? extends TrackedEventMessage<?>> first = read(null);
        assertThat(payloads(first)).containsExactly("a", "b", "c");
        TrackingToken afterB = first.get(1).trackingToken();

        assertThat(payloads(read(afterB))).containsExactly("c");
        storage.appendEvents(events("d"));
        assertThat(payloads(read(afterB))).containsExactly("c", "d");
        storage.appendEvents(events("e", "f"));
        assertThat(payloads(read(afterB))).as("the same token, asked a third time").containsExactly("c", "d", "e", "f");
        assertThat(payloads(read(copyOf(afterB)))).as("an equal token never asked about")
                .containsExactly("c", "d", "e", "f");

        TrackingToken atTheHead = read(afterB).get(3).trackingToken();
        assertThat(read(atTheHead)).isEmpty();
        storage.appendEvents(events("g"));
        assertThat(payloads(read(afterB))).as("asked again after another token").containsExactly("c", "d", "e", "f", "g");
        assertThat(payloads(read(atTheHead))).containsExactly("g");
    }

    @Test
    void eventsOlderThanTheMaximumAgeLeaveMemoryAndTheFloorCoversThem() {
        AtomicLong now = new AtomicLong();
        AgedOut aged = aAndBAgedOutThenC(now);
        RecentEventsStorage aging = aged.storage();
        TrackingToken afterA = aged.afterA();
        TrackingToken afterB = aged.afterB();
        List<? extends TrackedEventMessage<?>> next = aging.readEvents(afterB, false).toList();
        assertThat(payloads(next)).as("a reader that has seen the dropped events").containsExactly("c");
        assertThat(aging.unseenCount(afterA)).as("one that has not must read the store").isEmpty();
        assertThat(aging.newest().map(recent -> (Object) recent.event().getPayload())).contains("c");
        assertThat(aging.coversFloor(afterB)).isTrue();
        TrackingToken atTheHead = next.get(0).trackingToken();

        now.addAndGet(Duration.ofSeconds(61).toNanos()); // nothing appended: a poll empties the memory
        assertThat(aging.unseenCount(atTheHead)).contains(0);
        assertThat(aging.newest()).isEmpty();
        assertThat(aging.coversFloor(atTheHead)).isTrue();
        assertThat(aging.coversFloor(afterB)).as("the floor now covers c").isFalse();
        assertThat(aging.head()).isEqualTo(aging.floor());
    }

    @Test
    void theReadersNextAskWithTheLastTokenHandedLooksOnlyAtNewerEvents() {
        storage.appendEvents(events(java.util.stream.IntStream.range(0, 90).mapToObj(i -> "e" + i)
                .toArray(String[]::new)));
        List<? extends TrackedEventMessage<?>> all = read(null);
        assertThat(all).hasSize(90);
        TrackingToken last = all.get(89).trackingToken();
        long examined = storage.eventsExamined();

        assertThat(read(last)).isEmpty();
        assertThat(storage.eventsExamined()).as("nothing new: nothing looked at").isEqualTo(examined);
        storage.appendEvents(events("x", "y"));
        List<? extends TrackedEventMessage<?>> next = read(last);
        assertThat(payloads(next)).containsExactly("x", "y");
        assertThat(storage.eventsExamined()).as("only the two new events").isEqualTo(examined + 2);
        assertThat(payloads(read(copyOf(last)))).as("an equal token never handed out, which looks at them all")
                .containsExactly("x", "y");
        assertThat(payloads(read(all.get(87).trackingToken()))).containsExactly("e88", "e89", "x", "y");
    }

    @Test
    void aTokenIsCheckedAgainstTheFloorOnceNotOnEveryPoll() {
        AtomicLong now = new AtomicLong();
        AgedOut aged = aAndBAgedOutThenC(now);
        RecentEventsStorage aging = aged.storage();
        TrackingToken afterA = aged.afterA();
        TrackingToken afterB = aged.afterB();
        List<? extends TrackedEventMessage<?>> next = aging.readEvents(afterB, false).toList();
        assertThat(payloads(next)).containsExactly("c");
        assertThat(aging.floorChecks()).as("the token handed out last has seen the floor's events").isZero();
        TrackingToken afterC = next.get(0).trackingToken();
        assertThat(aging.readEvents(afterC, false).toList()).isEmpty();
        assertThat(aging.unseenCount(afterA)).as("a reader that has not seen b must read the store").isEmpty();
        assertThat(aging.floorChecks()).isEqualTo(1);

        for (int poll = 0; poll < 5; poll++) {
            assertThat(aging.readEvents(afterC, false).toList()).isEmpty();
        }
        assertThat(aging.floorChecks()).as("the token handed out last is not checked when it polls").isEqualTo(1);
        TrackingToken equalToAfterC = copyOf(afterC);
        for (int poll = 0; poll < 5; poll++) {
            assertThat(aging.readEvents(equalToAfterC, false).toList()).isEmpty();
        }
        assertThat(aging.floorChecks()).as("another token, checked once").isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(aging.unseenCount(afterB)).as("the floor now covers c: the store answers").isEmpty();
        assertThat(aging.unseenCount(afterC)).contains(0);
    }

    /**
     * A commit wakes the reader only if none did within the last linger: the reader woken then polls again after
     * one linger and takes every event of it. Without a linger (or without memory) every commit wakes it.
     */
    @Test
    void theFirstCommitOfEachLingerWakesTheReaderAndTheOthersDoNot() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RecentEventsStorage lingering = new RecentEventsStorage(new InMemoryEventStorageEngine(),
                Duration.ofSeconds(1), 100, Duration.ofMillis(25), null, Duration.ofMinutes(1), now::get);
        assertThat(lingering.wakesReader()).as("the first commit").isTrue();
        now.addAndGet(Duration.ofMillis(10).toNanos());
        assertThat(lingering.wakesReader()).as("10 ms later").isFalse();
        now.addAndGet(Duration.ofMillis(14).toNanos());
        assertThat(lingering.wakesReader()).as("24 ms after the wake").isFalse();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(lingering.wakesReader()).as("a whole linger after it").isTrue();
        assertThat(lingering.wakesReader()).as("at once again").isFalse();

        RecentEventsStorage noLinger = new RecentEventsStorage(new InMemoryEventStorageEngine(),
                Duration.ofSeconds(1), 100, Duration.ZERO, null, Duration.ofMinutes(1), now::get);
        RecentEventsStorage noMemory = new RecentEventsStorage(new InMemoryEventStorageEngine(),
                Duration.ofSeconds(1), 0, Duration.ofMillis(25), null, Duration.ofMinutes(1), now::get);
        for (int commit = 0; commit < 3; commit++) {
            assertThat(noLinger.wakesReader()).isTrue();
            assertThat(noMemory.wakesReader()).isTrue();
        }
    }

    /** A memory whose events a and b, read, left it for their age (the floor covers them) as c was appended. */
    private static AgedOut aAndBAgedOutThenC(AtomicLong now) {
        RecentEventsStorage aging = new RecentEventsStorage(new InMemoryEventStorageEngine(), Duration.ofSeconds(1),
                100, Duration.ZERO, null, Duration.ofMinutes(1), now::get);
        aging.appendEvents(events("a", "b"));
        List<? extends TrackedEventMessage<?>> first = aging.readEvents(null, false).toList();
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        aging.appendEvents(events("c"));
        return new AgedOut(aging, first.get(0).trackingToken(), first.get(1).trackingToken());
    }

    private record AgedOut(RecentEventsStorage storage, TrackingToken afterA, TrackingToken afterB) {
    }

    private List<? extends TrackedEventMessage<?>> read(TrackingToken token) {
        return storage.readEvents(token, false).toList();
    }

    private static TrackingToken copyOf(TrackingToken token) {
        MongoTrackingToken mongo = (MongoTrackingToken) token;
        return MongoTrackingToken.of(mongo.getTimestamp(), new java.util.LinkedHashMap<>(mongo.getTrackedEvents()));
    }

    private static List<EventMessage<?>> events(String... payloads) {
        return java.util.Arrays.stream(payloads).<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList();
    }

    private static List<Object> payloads(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }
}
