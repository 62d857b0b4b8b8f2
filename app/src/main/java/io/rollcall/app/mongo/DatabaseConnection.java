package io.rollcall.app.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.rollcall.app.config.RollcallSettings;
import io.rollcall.app.eventstore.StoredEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one MongoDB connection of the process. With {@code DB_URL} it connects there; without, it starts the
 * embedded wire-protocol server on a loopback port and connects to that through the same driver, so nothing
 * above this class can tell which one it talks to.
 */
public final class DatabaseConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConnection.class);
    private static final String DEFAULT_DATABASE = "rollcall";
    /**
     * Entries the embedded server's oplog keeps when it is shared (a change-stream poll scans them all): 20,000
     * events, minutes of a loaded cluster's marks, far more than a node's reconnect takes.
     */
    static final int OPLOG_ENTRIES = 20_000;
    /** The one collection other nodes follow with a change stream: the event store's. */
    static final String FOLLOWED = DEFAULT_DATABASE + "." + StoredEvents.COLLECTION;

    private final MongoClient client;
    private final String databaseName;
    private final MongoServer embeddedServer;

    private DatabaseConnection(MongoClient client, String databaseName, MongoServer embeddedServer) {
        this.client = client;
        this.databaseName = databaseName;
        this.embeddedServer = embeddedServer;
    }

    public static DatabaseConnection open(RollcallSettings settings) {
        return open(settings, DatabaseTimeouts.DEFAULTS, List.of());
    }

    /** @param listeners observers of every command the driver sends (tests count them) */
    public static DatabaseConnection open(RollcallSettings settings, DatabaseTimeouts timeouts,
                                          List<CommandListener> listeners) {
        return open(settings, timeouts, listeners, 0);
    }

    /**
     * @param sharedPort a fixed loopback port on which the embedded server also serves other nodes, with its
     *                   oplog on (they follow the events by change streams); 0 for a random port, no oplog
     */
    public static DatabaseConnection open(RollcallSettings settings, DatabaseTimeouts timeouts,
                                          List<CommandListener> listeners, int sharedPort) {
        if (!settings.usesEmbeddedDatabase()) {
            ConnectionString uri = new ConnectionString(settings.dbUrl());
            String database = uri.getDatabase() != null ? uri.getDatabase() : DEFAULT_DATABASE;
            log.info("MongoDB: {} (from DB_URL), database '{}'", describe(uri), database);
            return new DatabaseConnection(client(uri, timeouts, listeners), database, null);
        }
        MongoBackend backend;
        String where;
        if (settings.embeddedInMemory()) {
            backend = memoryBackend(FOLLOWED, OPLOG_ENTRIES);
            where = "in memory (nothing survives the process)";
        } else {
            Path dir = dataDir(settings.dataDir());
            backend = JournalingH2Backend.open(EmbeddedStores.open(dir));
            where = "in " + dir.toAbsolutePath().resolve(EmbeddedStores.JOURNAL_FILE) + " and "
                    + EmbeddedStores.VIEWS_FILE;
        }
        if (sharedPort > 0) {
            backend.enableOplog();
            where += ", shared with other nodes";
        }
        EmbeddedServerCompilation.keepOutOfC2();
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", sharedPort);
        InetSocketAddress address = server.getLocalAddress();
        String url = "mongodb://127.0.0.1:" + address.getPort();
        log.info("MongoDB: embedded server listening on {}, database '{}', data {}", url, DEFAULT_DATABASE, where);
        return new DatabaseConnection(client(new ConnectionString(url), timeouts, listeners), DEFAULT_DATABASE,
                server);
    }

    /** The memory backend, its oplog (when enabled) holding the writes of {@code followed} only, capped. */
    static MemoryBackend memoryBackend(String followed, int oplogEntries) {
        return new MemoryBackend() {
            @Override
            protected Oplog createOplog() {
                return BoundedOplog.capping(this, super.createOplog(), followed, oplogEntries);
            }
        };
    }

    private static MongoClient client(ConnectionString uri, DatabaseTimeouts timeouts,
                                      List<CommandListener> listeners) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder(settings(uri, timeouts));
        listeners.forEach(settings::addCommandListener);
        return MongoClients.create(settings.build());
    }

    /** The URL's settings with every wait bounded, unless the URL sets a bound of its own. */
    static MongoClientSettings settings(ConnectionString uri, DatabaseTimeouts timeouts) {
        long timeout = timeouts.timeout().toMillis();
        long read = timeouts.readTimeout().toMillis();
        return MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(timeout, TimeUnit.MILLISECONDS)
                        .readTimeout(read, TimeUnit.MILLISECONDS))
                .applyConnectionString(uri) // after ours: only the options the URL names replace them
                .build();
    }

    private static Path dataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return dataDir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create DATA_DIR " + dataDir.toAbsolutePath(), e);
        }
    }

    private static String describe(ConnectionString uri) {
        return String.join(",", uri.getHosts()); // never log credentials from the URI
    }

    public MongoClient client() {
        return client;
    }

    public String databaseName() {
        return databaseName;
    }

    @Override
    public void close() {
        client.close();
        if (embeddedServer != null) {
            embeddedServer.shutdownNow(); // closes the backend, which commits and closes the H2 file
        }
    }
}
