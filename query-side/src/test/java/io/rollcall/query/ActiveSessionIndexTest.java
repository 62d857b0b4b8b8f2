package io.rollcall.query;

import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.FindActiveSessionsOfTeacher;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveSessionIndexTest {

    private static final Instant STARTED = Instant.parse("2025-02-03T09:00:00.500Z");

    private final String teacherId = id();
    private final ActiveSessionIndex index = new ActiveSessionIndex();

    @Test
    void aStartedSessionIsOpenUntilFinalizedOrSuperseded() {
        index.load(List.of());
        String classId = id();
        String first = id();
        String second = id();

        index.on(new SessionStarted(classId, first, teacherId, STARTED));
        assertThat(index.handle(new FindActiveSessionsOfTeacher(teacherId)))
                .containsExactly(new ActiveSessionView(first, classId, teacherId, STARTED));

        index.on(new SessionSuperseded(classId, first, second, teacherId, STARTED.plusSeconds(5)));
        index.on(new SessionStarted(classId, second, teacherId, STARTED.plusSeconds(5)));
        assertThat(index.newestFirst()).extracting(ActiveSessionView::sessionId).containsExactly(second);

        index.on(new SessionFinalized(classId, second, teacherId, STARTED.plusSeconds(9), Map.of(), 0, 0));
        assertThat(index.newestFirst()).isEmpty();
        assertThat(index.activeSessionCount()).isZero();
    }

    @Test
    void sessionsOfATeacherAreNewestFirstAndOnlyTheirs() {
        String first = id();
        String second = id();
        // both orders of the same ids: the map's own iteration order can match only one of them
        for (boolean firstIsNewer : List.of(false, true)) {
            ActiveSessionIndex live = new ActiveSessionIndex();
            live.load(List.of());
            live.on(new SessionStarted(id(), first, teacherId, firstIsNewer ? STARTED.plusSeconds(60) : STARTED));
            live.on(new SessionStarted(id(), second, teacherId, firstIsNewer ? STARTED : STARTED.plusSeconds(60)));
            live.on(new SessionStarted(id(), id(), id(), STARTED.plusSeconds(120))); // another teacher's

            assertThat(live.handle(new FindActiveSessionsOfTeacher(teacherId)))
                    .extracting(ActiveSessionView::sessionId)
                    .containsExactlyElementsOf(firstIsNewer ? List.of(first, second) : List.of(second, first));
            assertThat(live.handle(new FindActiveSessionsOfTeacher(id()))).isEmpty();
        }
    }

    @Test
    void theLoadAddsStoredOpenSessionsButNotOnesThatEndedBeforeIt() {
        ActiveSessionView stillOpen = new ActiveSessionView(id(), id(), teacherId, STARTED);
        ActiveSessionView endedMeanwhile = new ActiveSessionView(id(), id(), teacherId, STARTED.plusSeconds(1));
        String startedMeanwhile = id();
        // events handled by this process before the stored view had caught up
        index.on(new SessionFinalized(endedMeanwhile.classId(), endedMeanwhile.sessionId(), teacherId,
                STARTED.plusSeconds(2), Map.of(), 0, 0));
        index.on(new SessionStarted(id(), startedMeanwhile, teacherId, STARTED.plusSeconds(3)));
        assertThat(index.isLoaded()).isFalse();

        index.load(List.of(stillOpen, endedMeanwhile));

        assertThat(index.isLoaded()).isTrue();
        assertThat(index.newestFirst()).extracting(ActiveSessionView::sessionId)
                .containsExactly(startedMeanwhile, stillOpen.sessionId());
    }

    private static String id() {
        return new ObjectId().toHexString();
    }
}
