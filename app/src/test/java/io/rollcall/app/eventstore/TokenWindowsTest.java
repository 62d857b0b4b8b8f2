package io.rollcall.app.eventstore;

import io.rollcall.app.axon.AxonConfig;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tokens of a run made without copies must be, in every respect a processor, the token store or
 * read-your-writes looks at, the tokens Axon's own {@code advanceTo} makes one after the other.
 */
class TokenWindowsTest {

    private static final Duration LOOK_BACK = Duration.ofSeconds(1);
    private static final Serializer SERIALIZER = new AxonConfig().serializer();

    private record Made(MongoTrackingToken ours, MongoTrackingToken axons, Set<String> ids) {
    }

    @Test
    void everyTokenOfARunIsTheOneAxonMakesAndStaysSoAfterTheRun() {
        Random random = new Random(20261205);
        int compared = 0;
        for (int run = 0; run < 150; run++) {
            long clock = 1_800_000_000_000L;
            MongoTrackingToken start = null;
            List<String> seen = new ArrayList<>();
            int before = run % 3 == 0 ? 0 : random.nextInt(40) + 1; // a run from no token, or after some events
            for (int i = 0; i < before; i++) {
                clock += random.nextInt(80);
                String id = UUID.randomUUID().toString();
                Instant at = Instant.ofEpochMilli(clock - (random.nextInt(10) == 0 ? random.nextInt(2_500) : 0));
                start = start == null ? MongoTrackingToken.of(at, id) : start.advanceTo(at, id, LOOK_BACK);
                seen.add(id);
            }
            int events = random.nextInt(60) + 1;
            TokenWindows windows = new TokenWindows(start, events, LOOK_BACK);
            MongoTrackingToken axons = start;
            List<Made> made = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                clock += random.nextInt(120);
                String id = UUID.randomUUID().toString();
                // now and then a late commit, some later than the look-back
                Instant at = Instant.ofEpochMilli(clock - (random.nextInt(8) == 0 ? random.nextInt(2_500) : 0));
                MongoTrackingToken ours = windows.advanceTo(at, id);
                axons = axons == null ? MongoTrackingToken.of(at, id) : axons.advanceTo(at, id, LOOK_BACK);
                seen.add(id);
                made.add(new Made(ours, axons, Set.copyOf(seen)));
            }
            for (Made token : made) { // after the whole run: later tokens changed nothing of earlier ones
                assertSameToken(token, made.get(0).axons());
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(150);
    }

    @Test
    void anIdTheLastTokenKnowsIsRefusedAsAxonRefusesItAndOneItDroppedComesBackAsInAxon() {
        Instant t0 = Instant.ofEpochMilli(1_800_000_000_000L);
        MongoTrackingToken start = MongoTrackingToken.of(t0, "a").advanceTo(t0.plusMillis(10), "b", LOOK_BACK);
        TokenWindows windows = new TokenWindows(start, 3, LOOK_BACK);
        assertThatThrownBy(() -> windows.advanceTo(t0.plusMillis(20), "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The event to advance to [b] should not be one of the token's known events");

        MongoTrackingToken axons = start.advanceTo(t0.plusMillis(1_500), "c", LOOK_BACK); // drops a and b
        MongoTrackingToken ours = windows.advanceTo(t0.plusMillis(1_500), "c");
        assertSameToken(new Made(ours, axons, Set.of("a", "b", "c")), start);
        MongoTrackingToken earlier = ours;
        axons = axons.advanceTo(t0.plusMillis(1_600), "a", LOOK_BACK);
        ours = windows.advanceTo(t0.plusMillis(1_600), "a");
        assertSameToken(new Made(ours, axons, Set.of("a", "b", "c")), start);
        assertThat(earlier.getKnownEventIds()).as("the token before is unchanged").containsExactly("c");
        axons = axons.advanceTo(t0.plusMillis(1_700), "d", LOOK_BACK);
        ours = windows.advanceTo(t0.plusMillis(1_700), "d");
        assertSameToken(new Made(ours, axons, Set.of("a", "b", "c", "d")), start);
    }

    private static void assertSameToken(Made token, MongoTrackingToken other) {
        MongoTrackingToken ours = token.ours();
        MongoTrackingToken axons = token.axons();
        assertThat(ours).isEqualTo(axons);
        assertThat(axons).isEqualTo(ours);
        assertThat(ours.hashCode()).isEqualTo(axons.hashCode());
        assertThat(ours.getTimestamp()).isEqualTo(axons.getTimestamp());
        assertThat(List.copyOf(ours.getTrackedEvents().entrySet()))
                .as("the same entries in the same order")
                .containsExactlyElementsOf(List.copyOf(axons.getTrackedEvents().entrySet()));
        assertThat(ours.getTrackedEvents()).hasSameSizeAs(axons.getTrackedEvents());
        for (String id : token.ids()) {
            assertThat(ours.getKnownEventIds().contains(id)).as(id).isEqualTo(axons.getKnownEventIds().contains(id));
            assertThat(ours.getTrackedEvents().get(id)).as(id).isEqualTo(axons.getTrackedEvents().get(id));
        }
        if (other != null) {
            assertThat(ours.covers(other)).isEqualTo(axons.covers(other));
            assertThat(other.covers(ours)).isEqualTo(other.covers(axons));
            assertThat(ours.upperBound(other)).isEqualTo(axons.upperBound(other));
        }
        assertThat(ours.covers(axons)).isTrue();
        SerializedObject<String> stored = SERIALIZER.serialize(ours, String.class);
        assertThat(stored.getData()).isEqualTo(SERIALIZER.serialize(axons, String.class).getData());
        MongoTrackingToken back = SERIALIZER.deserialize(stored);
        assertThat(back).isEqualTo(axons);
        assertThat(Map.copyOf(back.getTrackedEvents())).isEqualTo(Map.copyOf(axons.getTrackedEvents()));
    }
}
