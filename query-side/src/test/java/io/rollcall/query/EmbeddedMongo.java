package io.rollcall.query;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory MongoDB wire-protocol server on a free loopback port, one per test class (register it as a
 * static {@code @RegisterExtension} field), reached through the real driver as a mongod would be. Each test
 * takes a {@link #freshDatabase()} so tests never see one another's documents. Every command the client sends
 * is recorded in {@link #commands()}.
 */
final class EmbeddedMongo implements BeforeAllCallback, AfterAllCallback {

    private final AtomicInteger databases = new AtomicInteger();
    private final CommandLog commands = new CommandLog();
    private MongoServer server;
    private MongoClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()))
                .addCommandListener(commands)
                .build());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    CommandLog commands() {
        return commands;
    }

    MongoDatabase freshDatabase() {
        return client.getDatabase("test" + databases.incrementAndGet());
    }
}
