package io.rollcall.query;

import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.FindActiveSessionsOfTeacher;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.session.SessionSuperseded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Which sessions are open, in memory: every WebSocket event asks it which session it acts on, and a start asks
 * it which session of the teacher to supersede. It belongs to the {@value #LIVE} processing group, whose handlers
 * run in the thread of the command that stored the event, right after the append, so it is never behind a reply.
 *
 * <p>At start it is filled once from the stored sessions view, after that view has caught up with the history
 * ({@link #load}); sessions that ended in this process before the load are not brought back by it.
 */
@Component
@ProcessingGroup(ActiveSessionIndex.LIVE)
public class ActiveSessionIndex {

    /** The processing group of in-memory state kept in step with the commands (a subscribing processor). */
    public static final String LIVE = "live";
    /** How long a lookup waits for the start-up load before it answers from what it has. */
    private static final long LOAD_WAIT_SECONDS = 60;

    private final Map<String, ActiveSessionView> active = new ConcurrentHashMap<>();
    /** Guarded by {@code this}; sessions that ended before the load, which the stored view may still show open. */
    private final Set<String> endedBeforeLoad = new HashSet<>();
    private final CountDownLatch loaded = new CountDownLatch(1);

    @EventHandler
    void on(SessionStarted event) {
        active.put(event.sessionId(), new ActiveSessionView(event.sessionId(), event.classId(), event.teacherId(),
                event.startedAt()));
    }

    @EventHandler
    void on(SessionSuperseded event) {
        end(event.sessionId());
    }

    @EventHandler
    void on(SessionFinalized event) {
        end(event.sessionId());
    }

    private synchronized void end(String sessionId) {
        active.remove(sessionId);
        if (loaded.getCount() > 0) {
            endedBeforeLoad.add(sessionId);
        }
    }

    /** Adds the sessions the stored view shows open (it has seen every event stored before this process). */
    public synchronized void load(Collection<ActiveSessionView> stored) {
        stored.stream().filter(s -> !endedBeforeLoad.contains(s.sessionId()))
                .forEach(s -> active.putIfAbsent(s.sessionId(), s));
        endedBeforeLoad.clear();
        loaded.countDown();
    }

    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    /** How many sessions are open right now (the {@code rollcall_sessions_active} gauge). */
    public int activeSessionCount() {
        return active.size();
    }

    /** Every open session, the most recently started first. */
    public List<ActiveSessionView> newestFirst() {
        awaitLoad();
        return active.values().stream()
                .sorted(Comparator.comparing(ActiveSessionView::startedAt).reversed()
                        .thenComparing(ActiveSessionView::sessionId, Comparator.reverseOrder()))
                .toList();
    }

    /** The teacher's open sessions, the most recently started first (the live path asks it directly). */
    public List<ActiveSessionView> ofTeacher(String teacherId) {
        return newestFirst().stream().filter(s -> s.teacherId().equals(teacherId)).toList();
    }

    @QueryHandler
    public List<ActiveSessionView> handle(FindActiveSessionsOfTeacher query) {
        return ofTeacher(query.teacherId());
    }

    private void awaitLoad() {
        try {
            loaded.await(LOAD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
