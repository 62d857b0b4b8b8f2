// Which event-store queries the embedded server (mongo-java-server) answers by an index, timed against the
// collection's size: over the real driver, events of 100 aggregates with a unique (aggregateIdentifier,
// sequenceNumber) index, as the event store creates it. A query that scans grows with the collection.
// Needs the driver and the server from the jar:
//   mkdir -p /tmp/jarlib && (cd /tmp/jarlib && unzip -qoj ../../path/to/app/target/rollcall.jar 'BOOT-INF/lib/mongo*' 'BOOT-INF/lib/bson*' 'BOOT-INF/lib/netty*' 'BOOT-INF/lib/slf4j-api*')
//   java -cp '/tmp/jarlib/*' bench/IndexUseBench.java
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

public class IndexUseBench {
    public static void main(String[] args) {
        MongoServer server = new MongoServer(new MemoryBackend());
        var address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> events = client.getDatabase("bench").getCollection("domainevents");
            events.createIndex(Indexes.ascending("aggregateIdentifier", "sequenceNumber"),
                    new IndexOptions().unique(true));
            List<Long> window = LongStream.range(0, 256).boxed().toList();
            List<String> keys = window.stream().map(n -> "agg7/" + n).toList();
            Map<String, Bson> queries = new LinkedHashMap<>();
            queries.put("Filters.and(eq aggregate, eq sequenceNumber)",
                    Filters.and(Filters.eq("aggregateIdentifier", "agg7"), Filters.eq("sequenceNumber", 3L)));
            queries.put("Filters.and(eq aggregate, in 256 sequenceNumbers)",
                    Filters.and(Filters.eq("aggregateIdentifier", "agg7"), Filters.in("sequenceNumber", window)));
            queries.put("{aggregate, sequenceNumber: {$in: 256}} (plain document)",
                    new Document("aggregateIdentifier", "agg7").append("sequenceNumber", new Document("$in", window)));
            queries.put("{aggregate, sequenceNumber} exact (plain document)",
                    new Document("aggregateIdentifier", "agg7").append("sequenceNumber", 3L));
            queries.put("{_id: {$in: 256 keys}}", Filters.in("_id", keys));
            long stored = 0;
            for (long size : new long[]{2_000, 40_000, 160_000}) {
                List<Document> batch = new ArrayList<>();
                for (long i = stored; i < size; i++) {
                    String aggregate = "agg" + (i % 100);
                    long sequence = i / 100;
                    batch.add(new Document("_id", aggregate + "/" + sequence).append("aggregateIdentifier", aggregate)
                            .append("sequenceNumber", sequence).append("payload", "x".repeat(200)));
                }
                events.insertMany(batch);
                stored = size;
                System.out.printf("%,d events:%n", size);
                for (var query : queries.entrySet()) {
                    double best = Double.MAX_VALUE;
                    int found = 0;
                    for (int run = 0; run < 5; run++) {
                        long start = System.nanoTime();
                        found = events.find(query.getValue()).into(new ArrayList<>()).size();
                        best = Math.min(best, (System.nanoTime() - start) / 1e6);
                    }
                    System.out.printf("  %-58s %4d found, best of 5: %7.2f ms%n", query.getKey(), found, best);
                }
            }
        } finally {
            server.shutdownNow();
        }
    }
}
