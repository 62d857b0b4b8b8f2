import com.mongodb.client.*;
import com.mongodb.client.model.*;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.rollcall.app.config.RollcallSettings;
import io.rollcall.app.mongo.DatabaseConnection;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import java.nio.file.*;
import java.util.*;

/**
 * Times the first open of the embedded database file after the BSON storage change (docs/operations.md,
 * "Upgrading Rollcall"): writes N events with plain mongo-java-server (the old format), then opens the file twice
 * through Rollcall; the first open re-sorts the unique indexes once. Run from the top of a clone:
 *   ./mvnw -B -q install -DskipTests && ./mvnw -B -q dependency:build-classpath -pl app -Dmdep.outputFile=/tmp/cp.txt
 *   java -Xmx1g -cp "app/target/classes:$(cat /tmp/cp.txt)" bench/FirstOpenBench.java 100000
 */
public class FirstOpenBench {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("first-open");
        int n = Integer.parseInt(args[0]);
        MongoServer plain = new MongoServer(new H2Backend(new MVStore.Builder().fileName(dir.resolve("rollcall.mv.db").toString()).open()));
        var addr = plain.bind();
        long t0 = System.nanoTime();
        try (MongoClient client = MongoClients.create("mongodb://" + addr.getHostString() + ":" + addr.getPort())) {
            MongoCollection<Document> events = client.getDatabase("rollcall").getCollection("domainevents");
            events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"), new IndexOptions().unique(true));
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(new Document("aggregateIdentifier", "class-" + (i % 1000)).append("sequenceNumber", (long) (i / 1000))
                        .append("payload", "{\"studentId\":\"s" + i + "\",\"status\":\"present\"}").append("timeStamp", new Date()));
                if (batch.size() == 1000) { events.insertMany(batch); batch.clear(); }
            }
        } finally { plain.shutdownNow(); }
        System.out.printf("wrote %d events with plain mongo-java-server in %d ms, file %d MB%n", n, (System.nanoTime() - t0) / 1_000_000, Files.size(dir.resolve("rollcall.mv.db")) >> 20);
        for (int round = 1; round <= 2; round++) {
            long t1 = System.nanoTime();
            try (DatabaseConnection c = DatabaseConnection.open(new RollcallSettings("", dir, "", "h2"))) {
                long count = c.client().getDatabase("rollcall").getCollection("domainevents").countDocuments();
                System.out.printf("open %d (re-sort on the first): %d ms, %d events%n", round, (System.nanoTime() - t1) / 1_000_000, count);
            }
        }
    }
}
