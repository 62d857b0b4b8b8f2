package io.rollcall.app.support;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application with {@code DB_URL} pointing at a {@link TcpProxy} in front of a MongoDB (mongo-java-server,
 * memory backend) that the test itself runs: the app talks to it exactly as to a remote database, and a test
 * can cut the line. Everything else is production configuration. The server and the proxy are started once per
 * JVM, before the Spring context, and the classes extending this share one context; every test leaves the line
 * restored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rollcall.embedded-backend=memory",
        "rollcall.jwt-secret=" + RollcallTest.JWT_SECRET})
public abstract class ProxiedDatabaseTest {

    protected static final TcpProxy DATABASE_LINE = Line.PROXY;

    /** Started on first use; they live as long as the JVM (so does the cached context using them). */
    private static final class Line {
        static final MongoServer DATABASE = new MongoServer(new MemoryBackend());
        static final TcpProxy PROXY;

        static {
            DATABASE.bind("127.0.0.1", 0);
            PROXY = new TcpProxy(DATABASE.getLocalAddress().getPort());
        }
    }

    @DynamicPropertySource
    static void databaseBehindTheProxy(DynamicPropertyRegistry registry) {
        registry.add("rollcall.db-url", () -> "mongodb://127.0.0.1:" + DATABASE_LINE.port() + "/rollcall");
    }

    @AfterEach
    void restoreTheLine() {
        DATABASE_LINE.restore();
    }
}
