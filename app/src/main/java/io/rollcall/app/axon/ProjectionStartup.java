package io.rollcall.app.axon;

import io.rollcall.app.eventstore.RecentEventsStorage;
import io.rollcall.query.ActiveSessionIndex;
import io.rollcall.query.LiveSessionProjection;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Start-up, before the service reports ready: projections new to the database, or whose documents changed shape
 * since they were built, are built from the history in one pass; every projection then catches up with what was
 * stored before this process (from its stored position, after a crash), and the live index of open sessions is
 * filled from the sessions view. Requests that arrive meanwhile wait for the same
 * conditions (see {@link ReadYourWrites} and {@link ActiveSessionIndex}), so nothing is answered from stale views.
 */
@Component
public class ProjectionStartup {

    private static final Logger log = LoggerFactory.getLogger(ProjectionStartup.class);
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final ReadYourWrites views;
    private final RecentEventsStorage events;
    private final ProjectionRebuilds rebuilds;
    private final ProjectionStatus status;
    private final ActiveSessionIndex activeSessions;
    private final LiveSessionProjection sessions;
    private final Duration limit;

    public ProjectionStartup(ReadYourWrites views, RecentEventsStorage events, ProjectionRebuilds rebuilds,
                             ProjectionStatus status, ActiveSessionIndex activeSessions, LiveSessionProjection sessions,
                             @Value("${rollcall.startup-catch-up-limit:PT30M}") Duration limit) {
        this.views = views;
        this.events = events;
        this.rebuilds = rebuilds;
        this.status = status;
        this.activeSessions = activeSessions;
        this.sessions = sessions;
        this.limit = limit;
    }

    /**
     * Projections new to this database, or built by a release whose documents had another shape, are rebuilt from
     * the history in one pass (their processors start at what was stored before this process, see
     * {@link InitialPositions}).
     */
    private void buildNewAndOutdated() {
        List<TrackingEventProcessor> unbuilt = views.projections().stream()
                .filter(p -> !status.isBuilt(p.getName())
                        || status.isOlderThan(p.getName(), rebuilds.version(p.getName())))
                .toList();
        if (unbuilt.isEmpty() || events.floor() == null) {
            return; // an empty event store: nothing to build
        }
        log.info("Building {} from the event history", unbuilt.stream().map(TrackingEventProcessor::getName).toList());
        rebuilds.rebuildNow(unbuilt, (processed, total, rate) -> {
            if (processed % 10_000 == 0) {
                log.info("  {} / {} events, {} events/s", processed, total, Math.round(rate));
            }
        });
    }

    @EventListener(ApplicationStartedEvent.class)
    public void catchUp() {
        buildNewAndOutdated();
        long started = System.nanoTime();
        long report = started + REPORT_EVERY_NANOS;
        while (!views.startCaughtUp()) {
            if (System.nanoTime() - started > limit.toNanos()) {
                throw new IllegalStateException("Projections did not catch up with the event store within " + limit);
            }
            if (System.nanoTime() > report) {
                log.info("Projections still catching up with the event store ({} s)",
                        (System.nanoTime() - started) / 1_000_000_000);
                report += REPORT_EVERY_NANOS;
            }
            LockSupport.parkNanos(1_000_000);
        }
        views.projections().stream().filter(p -> !status.isBuilt(p.getName()))
                .forEach(p -> status.markBuilt(p.getName(), 0, rebuilds.version(p.getName())));
        activeSessions.load(sessions.storedActiveSessions());
        log.info("Projections caught up with the event store in {} ms; {} session(s) open",
                (System.nanoTime() - started) / 1_000_000, activeSessions.activeSessionCount());
    }
}
