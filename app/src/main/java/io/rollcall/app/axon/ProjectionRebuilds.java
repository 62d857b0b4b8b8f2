package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rebuilding projections from the whole history, for the command line and the ops endpoints alike: empty,
 * replay in order, mark built. One rebuild at a time; progress is kept for {@code GET /ops/projections}.
 */
@Component
public class ProjectionRebuilds implements DisposableBean {

    /** Progress of the current or last rebuild. */
    public record Progress(List<String> projections, String state, long processed, long total, double eventsPerSecond) {
    }

    public interface Listener {
        void progress(long processed, long total, double eventsPerSecond);
    }

    private final ProjectionReplayer replayer;
    private final ProjectionStatus status;
    private final MongoDatabase database;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Progress last;

    public ProjectionRebuilds(ProjectionReplayer replayer, ProjectionStatus status, MongoDatabase database) {
        this.replayer = replayer;
        this.status = status;
        this.database = database;
    }

    /** The projections a name stands for ("all" or one processing group); empty if it names none. */
    public List<SubscribingEventProcessor> resolve(String name) {
        List<SubscribingEventProcessor> all = replayer.projections();
        return "all".equals(name) ? all : all.stream().filter(p -> p.getName().equals(name)).toList();
    }

    public List<String> names() {
        return replayer.projections().stream().map(SubscribingEventProcessor::getName).toList();
    }

    /** Runs a rebuild in this thread; false if another one is running. */
    public boolean rebuildNow(List<SubscribingEventProcessor> targets, Listener listener) {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        try {
            List<String> names = targets.stream().map(SubscribingEventProcessor::getName).toList();
            long total = database.getCollection(ProjectionCatchUp.EVENTS).estimatedDocumentCount();
            last = new Progress(names, "rebuilding", 0, total, 0);
            targets.forEach(p -> {
                status.markUnbuilt(p.getName());
                replayer.reset(p);
            });
            long started = System.nanoTime();
            long applied = replayer.replay(null, targets, n -> {
                double rate = n / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
                last = new Progress(names, "rebuilding", n, total, rate);
                listener.progress(n, total, rate);
            });
            targets.forEach(p -> status.markBuilt(p.getName(), applied));
            last = new Progress(names, "done", applied, total,
                    applied / Math.max((System.nanoTime() - started) / 1e9, 1e-9));
            return true;
        } catch (RuntimeException e) {
            Progress failed = last;
            last = new Progress(failed.projections(), "failed", failed.processed(), failed.total(),
                    failed.eventsPerSecond());
            throw e;
        } finally {
            running.set(false);
        }
    }

    /** Starts a rebuild in the background; false if one is running. */
    public boolean startInBackground(List<SubscribingEventProcessor> targets) {
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
