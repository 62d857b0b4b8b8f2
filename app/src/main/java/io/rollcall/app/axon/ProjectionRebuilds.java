package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import io.rollcall.app.eventstore.StoredEvents;
import io.rollcall.query.ProjectionWriter;
import io.rollcall.query.WritesCollections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rebuilding projections from the whole history, for the command line and the ops endpoints alike, while the
 * live views keep answering: each projection's copy ({@link ShadowProjection}) is filled from the whole
 * history beside it, caught up with what was stored meanwhile, and, with live events held at the
 * {@link ProjectionGate} for that moment, caught up once more and swapped in. One rebuild at a time; progress
 * is kept for {@code GET /ops/projections}.
 */
@Component
public class ProjectionRebuilds implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);

    /** Progress of the current or last rebuild. */
    public record Progress(List<String> projections, String state, long processed, long total, double eventsPerSecond) {
    }

    public interface Listener {
        void progress(long processed, long total, double eventsPerSecond);

        /** The whole history is in the copies; what was stored meanwhile is applied next, then the swap. */
        default void catchingUp() {
        }
    }

    private final ProjectionReplayer replayer;
    private final ProjectionStatus status;
    private final MongoDatabase database;
    private final EventStorageEngine storage;
    private final ProjectionGate gate;
    private final ProjectionWriter writer;
    private final ApplicationContext context;
    /** Longer than any command can be in flight: a catch-up starts this long before the previous pass did. */
    private final Duration margin;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Progress last;

    public ProjectionRebuilds(ProjectionReplayer replayer, ProjectionStatus status, MongoDatabase database,
                              EventStorageEngine storage, ProjectionGate gate, ProjectionWriter writer,
                              ApplicationContext context,
                              @Value("${rollcall.catch-up-margin:PT1M}") Duration margin) {
        this.replayer = replayer;
        this.status = status;
        this.database = database;
        this.storage = storage;
        this.gate = gate;
        this.writer = writer;
        this.context = context;
        this.margin = margin;
    }

    /** The projections a name stands for ("all" or one processing group); empty if it names none. */
    public List<TrackingEventProcessor> resolve(String name) {
        List<TrackingEventProcessor> all = replayer.projections();
        return "all".equals(name) ? all : all.stream().filter(p -> p.getName().equals(name)).toList();
    }

    public List<String> names() {
        return replayer.projections().stream().map(TrackingEventProcessor::getName).toList();
    }

    /** Runs a rebuild in this thread; false if another one is running. */
    public boolean rebuildNow(List<TrackingEventProcessor> targets, Listener listener) {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        List<String> names = targets.stream().map(TrackingEventProcessor::getName).toList();
        List<ShadowProjection> shadows = new ArrayList<>();
        try {
            long total = database.getCollection(StoredEvents.COLLECTION).estimatedDocumentCount();
            last = new Progress(names, "rebuilding", 0, total, 0);
            names.forEach(name -> shadows.add(
                    ShadowProjection.of(name, projectionBean(name), database, writer, context)));
            shadows.forEach(ShadowProjection::prepare);
            Map<String, EventHandlerInvoker> handlers = new LinkedHashMap<>();
            shadows.forEach(shadow -> handlers.put(shadow.name(), shadow.invoker()));

            long started = System.nanoTime();
            Instant pass = Instant.now();
            long applied = replayer.replayInto(null, handlers, n -> {
                double rate = n / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
                last = new Progress(names, "rebuilding", n, total, rate);
                listener.progress(n, total, rate);
            });
            // what was stored during the long pass, still with live events flowing; then the last few
            // seconds' worth again with them held back, and the swap
            last = new Progress(names, "catching-up", applied, total, last.eventsPerSecond());
            listener.catchingUp();
            Instant catchUp = Instant.now();
            replayer.replayInto(storage.createTokenAt(pass.minus(margin)), handlers, n -> { });
            long closed = System.nanoTime();
            gate.whileClosed(names, () -> {
                replayer.replayInto(storage.createTokenAt(catchUp.minus(margin)), handlers, n -> { });
                shadows.forEach(ShadowProjection::promote);
            });
            log.info("Rebuilt {} swapped in; live events were held for {} ms", names,
                    (System.nanoTime() - closed) / 1_000_000);
            names.forEach(name -> status.markBuilt(name, applied, version(name)));
            last = new Progress(names, "done", applied, total,
                    applied / Math.max((System.nanoTime() - started) / 1e9, 1e-9));
            return true;
        } catch (RuntimeException e) {
            shadows.forEach(ShadowProjection::drop); // the live views were never touched
            Progress failed = last;
            last = new Progress(failed.projections(), "failed", failed.processed(), failed.total(),
                    failed.eventsPerSecond());
            throw e;
        } finally {
            running.set(false);
        }
    }

    /** The shape of the documents a projection writes now ({@link WritesCollections#version()}). */
    public int version(String name) {
        WritesCollections writes = projectionBean(name).getClass().getAnnotation(WritesCollections.class);
        return writes == null ? 1 : writes.version();
    }

    /** The projection bean of a processing group. */
    private Object projectionBean(String name) {
        return context.getBeansWithAnnotation(ProcessingGroup.class).values().stream()
                .filter(bean -> name.equals(bean.getClass().getAnnotation(ProcessingGroup.class).value()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No projection bean for " + name));
    }

    /** Starts a rebuild in the background; false if one is running. */
    public boolean startInBackground(List<TrackingEventProcessor> targets) {
        if (running.get()) {
            return false;
        }
        background.execute(() -> rebuildNow(targets, (n, total, rate) -> { }));
        return true;
    }

    public Optional<Progress> lastRebuild() {
        return Optional.ofNullable(last);
    }

    /** Every projection and whether it is built on this database. */
    public Map<String, Boolean> built() {
        Map<String, Boolean> built = new LinkedHashMap<>();
        names().forEach(name -> built.put(name, status.isBuilt(name)));
        return built;
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }
}
