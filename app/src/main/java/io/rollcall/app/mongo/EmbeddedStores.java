package io.rollcall.app.mongo;

import de.bwaldvogel.mongo.bson.Document;
import io.rollcall.query.ReadCollections;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The embedded server's two H2 files. An H2 commit writes every page changed since the previous commit, in the whole
 * file; with one file, each event's commit (one per mark) also rewrote the pages the projections had just changed,
 * and waited for them. Here the read models and the processors' positions live in a file of their own, which H2's
 * timer commits once a second (and a journaled write to it at once), while each event's commit writes the events'
 * pages only.
 * <p>
 * What this gives up is nothing the views need: a position and the read-model writes before it are in one file,
 * committed together, so after a crash the processors resume from a stored position that is never ahead of the
 * stored views (and re-apply what the views file lost, as they do today); events are in the file before they are
 * acknowledged, as before. Everything not listed in {@link #VIEWS} stays in the journal file.
 * <p>
 * The journal file has no H2 timer: with one, H2 hands each commit to a serializing thread, which hands the
 * chunk to a writing thread, and the committing thread waits for both (four thread switches on every mark's
 * path, each a wait for a core on a busy machine). Without it, a commit runs on the thread that asks for it; the
 * writes that do not ask for the journal reach the file within {@link #JOURNAL_COMMIT_MS} ms by a timer of ours,
 * as they did by H2's, which also compacts the file when it is mostly free.
 * <p>
 * A journaled write to the journal file (an event, a password hash, an email claim) is not committed on its own:
 * it is appended to the {@link CommandLog}, and the timer's commit takes in a second's worth at once. At the next
 * open, what the log holds beyond the last commit is applied again before anything is served.
 */
final class EmbeddedStores implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStores.class);

    static final String JOURNAL_FILE = "rollcall.mv.db";
    static final String VIEWS_FILE = "rollcall-views.mv.db";
    static final String LOG_FILE = "rollcall.log";
    /** The events' file is read by aggregate loads and rebuilds, mostly its newest pages. */
    private static final int JOURNAL_CACHE_MB = 16;
    /**
     * The views' file holds the index pages every history read looks up; a cache of 64 MB for both files together
     * was chosen for the reads of a 100k-event store (docs/performance.md).
     */
    private static final int VIEWS_CACHE_MB = 48;
    /**
     * H2's own compaction of the views' file. While the file is being written, H2 rewrites the chunks whose live
     * share is under 2 × (rate² / 100 - 50) %: 62 % at its default rate of 90, which on the views of a 100k-event
     * store was a quarter of the server's CPU during marks, old pages read and written anew (docs/performance.md,
     * "H2 compacting the views under load"). At 70 it does so only when the file saw no read or write since its
     * last look (it still does between two commits of a busy file), and then below 70 % live; the
     * file is also compacted as it opens ({@link #compactMostlyFree}).
     */
    static final int VIEWS_COMPACT_PERCENT = 70;
    /** A file larger than this and less used than that is compacted as it opens ({@link #compactMostlyFree}). */
    static final long MOSTLY_FREE_MIN_BYTES = 4L << 20;
    static final int MOSTLY_FREE_PERCENT = 50;
    /** Chunks less used than this have their live pages written anew when a file is compacted. */
    private static final int REWRITE_BELOW_PERCENT = 90;
    /** How often the journal file's writes that did not ask for the journal are committed (H2's default timer). */
    static final long JOURNAL_COMMIT_MS = 1_000;
    /** How often the journal file is compacted if it is mostly free, and how much it rewrites at a time. */
    private static final long JOURNAL_COMPACT_MS = 30_000;
    private static final int JOURNAL_COMPACT_BYTES = 4 << 20;
    /** The collections rebuilt from the events: the read models, the processors' positions and build records. */
    static final Set<String> VIEWS = Set.of(ReadCollections.USERS, ReadCollections.CLASSES,
            ReadCollections.SESSIONS, ReadCollections.ATTENDANCE, ReadCollections.AUDIT,
            ReadCollections.ANALYTICS_SESSIONS, ReadCollections.CLASS_SESSIONS,
            ReadCollections.CLASS_FINALIZED_SESSIONS, ReadCollections.ANALYTICS_CLASSES, ReadCollections.AUDIT_HEADS,
            ReadCollections.AUDIT_POSITIONS, ReadCollections.USER_CLASSES,
            "trackingtokens", "projection_status");
    /** A projection's rebuild writes {@code <collection>_rebuild}, then renames it: both must be in one file. */
    private static final String REBUILD_SUFFIX = "_rebuild";

    private final MVStore journal;
    private final MVStore views;
    private final CommandLog commands;
    /**
     * Held while a logged write runs and is appended (so the log's order is the order the writes were applied in)
     * and while the journal file commits (so a commit takes in exactly the entries appended before it).
     */
    private final ReentrantLock journaling = new ReentrantLock();
    /** Guarded by {@link #journaling}: the generation of the entries appended now (the store version + 1). */
    private int generation;
    /** Guarded by {@link #journaling}: whether the log holds entries of {@link #generation}. */
    private boolean logged;
    /**
     * Counts collections and indexes opened or created. A collection's registration (and its {@code _id} index's)
     * is in the journal file while a view's maps are in the views' file: a command during which this changed
     * commits both, or after a crash a view's data could be in its file unregistered, invisible to queries.
     */
    private final AtomicLong shape = new AtomicLong();
    /** Commits and compacts the journal file, which has no H2 timer. */
    private final ScheduledExecutorService journalTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rollcall-journal-timer");
        thread.setDaemon(true);
        return thread;
    });

    private EmbeddedStores(MVStore journal, MVStore views, CommandLog commands) {
        this.journal = journal;
        this.views = views;
        this.commands = commands;
        this.generation = journal.getStoreVersion() + 1;
    }

    static EmbeddedStores open(Path dataDir) {
        MVStore journal = new MVStore.Builder().fileName(dataDir.resolve(JOURNAL_FILE).toString())
                .cacheSize(JOURNAL_CACHE_MB).autoCommitDisabled().open();
        MVStore views = new MVStore.Builder().fileName(dataDir.resolve(VIEWS_FILE).toString())
                .cacheSize(VIEWS_CACHE_MB).autoCompactFillRate(VIEWS_COMPACT_PERCENT).open();
        CommandLog commands;
        try {
            commands = CommandLog.open(dataDir.resolve(LOG_FILE));
        } catch (IOException e) {
            views.close();
            journal.close();
            throw new UncheckedIOException("Cannot open " + dataDir.resolve(LOG_FILE).toAbsolutePath(), e);
        }
        EmbeddedStores stores = new EmbeddedStores(journal, views, commands);
        stores.dropViewsLeftInJournal();
        return stores;
    }

    /**
     * Applies again, through {@code apply} (database, command), the logged writes the journal file did not commit
     * before the process ended, in their order, and commits them; returns how many. Called once the databases are
     * open, before the server serves.
     */
    int replay(BiConsumer<String, Document> apply) {
        int committed = journal.getStoreVersion();
        List<CommandLog.Entry> missing = commands.found().stream().filter(entry -> entry.generation() > committed)
                .toList();
        journaling.lock();
        try {
            missing.forEach(entry -> apply.accept(entry.database(), entry.command()));
            logged = !commands.found().isEmpty(); // committed entries left by a crash are cleared too
            commitJournalLocked();
        } finally {
            journaling.unlock();
        }
        if (!missing.isEmpty()) {
            log.info("Applied {} journaled writes again from {} (the process had ended before committing them)",
                    missing.size(), LOG_FILE);
        }
        return missing.size();
    }

    /**
     * Runs {@code write}, a journaled write to the journal file, and appends {@code command} to the log before its
     * reply leaves (whatever its outcome: applied again, it has the same one).
     */
    Document logged(String database, Document command, Supplier<Document> write) {
        journaling.lock();
        try {
            try {
                return write.get();
            } finally {
                append(database, command);
            }
        } finally {
            journaling.unlock();
        }
    }

    private void append(String database, Document command) {
        try {
            commands.append(generation, database, command);
            logged = true;
        } catch (IOException e) {
            log.warn("Could not append to {} ({}); committing {} instead", LOG_FILE, e.toString(), JOURNAL_FILE);
            commitJournalLocked();
        }
    }

    /**
     * Commits the journal file, the log's entries with it (their generation becomes the store version in the same
     * commit), then empties the log. With {@link #journaling} held.
     */
    private void commitJournalLocked() {
        if (journal.isClosed()) {
            return; // abandoned (a crash in a test): nothing can be committed, the log keeps its entries
        }
        if (logged) {
            journal.setStoreVersion(generation);
        }
        if (journal.hasUnsavedChanges()) {
            journal.commit();
        }
        if (logged) {
            generation++;
            logged = false;
            try {
                commands.clear();
            } catch (IOException e) { // its entries are older than the store version now: never applied again
                log.warn("Could not empty {} ({}); it is emptied at the next commit", LOG_FILE, e.toString());
            }
        }
    }

    /** Starts the journal file's timer; called once the files are open and compacted, before the server serves. */
    void startTimer() {
        journalTimer.scheduleWithFixedDelay(() -> onTimer("commit", this::commitJournal), JOURNAL_COMMIT_MS,
                JOURNAL_COMMIT_MS, TimeUnit.MILLISECONDS);
        journalTimer.scheduleWithFixedDelay(() -> onTimer("compact", this::compactJournalIfMostlyFree),
                JOURNAL_COMPACT_MS, JOURNAL_COMPACT_MS, TimeUnit.MILLISECONDS);
    }

    /** Runs one of the timer's tasks; a failure is logged and the next round tries again. */
    private void onTimer(String what, Runnable task) {
        if (journal.isClosed()) {
            journalTimer.shutdown(); // closed without close() (a crash in a test): nothing left to do
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!journal.isClosed()) {
                log.warn("Could not {} {} on its timer ({}); it tries again", what, JOURNAL_FILE, e.toString());
            }
        }
    }

    /** What H2's timer did: the writes that did not ask for the journal reach the file within a second. */
    void commitJournal() {
        journaling.lock();
        try {
            commitJournalLocked();
        } finally {
            journaling.unlock();
        }
    }

    /**
     * What H2's timer also did: a file less than half live has a little of it rewritten at a time (the journal
     * is mostly appended to, so this is rare; the views' file keeps H2's own timer).
     */
    private void compactJournalIfMostlyFree() {
        if (journal.getFileStore().size() > MOSTLY_FREE_MIN_BYTES && livePercent(journal) < MOSTLY_FREE_PERCENT) {
            journaling.lock(); // its commits must take the log's entries in with their generation
            try {
                commitJournalLocked();
                journal.compact(REWRITE_BELOW_PERCENT, JOURNAL_COMPACT_BYTES);
            } finally {
                journaling.unlock();
            }
        }
    }

    /** Stops the journal's timer; called before the files close, whose close commits what is left. */
    void stopTimer() {
        journalTimer.shutdown();
        try {
            if (!journalTimer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The journal's timer did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Compacts each file most of which is free; called once every collection's maps are open, before the server
     * takes connections. H2 reuses a freed chunk only once it is older than its retention time (45 s), and never
     * gives space back: the first start on a 100k-event store (every view built) left the views' file at 600 MB
     * for about 70 MB of live pages, and each start added some. Nothing reads old versions yet, so the retention
     * is lifted while the live pages of sparse chunks are written anew (their maps must be open: H2 decodes the
     * pages), the chunks left are moved to the front, and the file is cut: 590 MB to 81 MB in 6 s, once.
     */
    void compactMostlyFree() {
        for (MVStore store : List.of(views, journal)) {
            long before = store.getFileStore().size();
            if (before > MOSTLY_FREE_MIN_BYTES && livePercent(store) < MOSTLY_FREE_PERCENT
                    && store.getFileStore() instanceof RandomAccessStore file) {
                long started = System.nanoTime();
                int retention = store.getRetentionTime();
                store.setRetentionTime(0);
                try {
                    store.setStoreVersion(store.getStoreVersion()); // a commit frees unused chunks; it needs a change
                    store.commit();
                    store.compact(REWRITE_BELOW_PERCENT, Integer.MAX_VALUE); // live pages of sparse chunks, anew
                    store.commit();
                    file.compactMoveChunks(100, Long.MAX_VALUE, store);
                    log.info("Compacted {} from {} to {} MB in {} ms", file.getFileName(), before >> 20,
                            file.size() >> 20, (System.nanoTime() - started) / 1_000_000);
                } catch (RuntimeException e) {
                    if (store.isClosed()) {
                        throw e; // H2 closes a store it cannot write: nothing could be served from it
                    }
                    log.warn("Could not compact {} ({}); it is used as it is", file.getFileName(), e.toString());
                } finally {
                    store.setRetentionTime(retention);
                }
            }
        }
    }

    /** The share of the file in live pages: of the file in chunks, of the chunks in pages still in use. */
    static int livePercent(MVStore store) {
        return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
    }

    MVStore journal() {
        return journal;
    }

    MVStore views() {
        return views;
    }

    /** The file of the collection {@code namespace} ("database.collection"). */
    MVStore of(String namespace) {
        return isView(namespace) ? views : journal;
    }

    static boolean isView(String namespace) {
        int dot = namespace.indexOf('.');
        if (dot < 0 || namespace.startsWith("local.")) {
            return false;
        }
        String collection = namespace.substring(dot + 1);
        if (collection.endsWith(REBUILD_SUFFIX)) {
            collection = collection.substring(0, collection.length() - REBUILD_SUFFIX.length());
        }
        return VIEWS.contains(collection);
    }

    void reshaped() {
        shape.incrementAndGet();
    }

    long shape() {
        return shape.get();
    }

    /** Views first: a position in the views' file never refers to events the journal file has not got. */
    void commitAll() {
        views.commit();
        commitJournal();
    }

    /**
     * Earlier releases kept the views in the journal file. They are dropped there, positions and build records
     * included, so the processors rebuild them into the views' file from the events: once, at the first start.
     */
    private void dropViewsLeftInJournal() {
        List<String> left = journal.getMapNames().stream().filter(name -> isView(H2MapNames.namespaceOf(name)))
                .toList();
        if (left.isEmpty()) {
            return;
        }
        log.info("Moving the read models to {}: they are rebuilt from the events once", VIEWS_FILE);
        left.forEach(journal::removeMap);
        journal.commit();
    }

    /** Closes the log; the journal file has committed its entries. */
    void closeLog() {
        try {
            commands.close();
        } catch (IOException e) {
            log.warn("Could not close {} ({})", LOG_FILE, e.toString());
        }
    }

    @Override
    public void close() {
        stopTimer();
        try {
            views.close();
        } finally {
            try {
                commitJournal(); // the log's entries, before the close commits the file as a whole
                journal.close();
            } finally {
                closeLog();
            }
        }
    }
}
