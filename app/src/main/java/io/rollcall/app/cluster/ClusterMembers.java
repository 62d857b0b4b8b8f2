package io.rollcall.app.cluster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes sharing the database, each known by a heartbeat in {@value #COLLECTION}: a node that holds no claim
 * yet still counts when the projections are shared out. A node that stops beating (killed, cut off) drops out
 * after the claim timeout, as its claims do.
 */
public class ClusterMembers {

    public static final String COLLECTION = "cluster_nodes";
    /** A node silent this long is deleted from the collection (every restart is a new node). */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    static final int FORGET_EVERY_BEATS = 60;

    private final MongoCollection<Document> nodes;
    private final String self;
    private final Clock clock;
    /** Beats since start; only the balancer's thread beats. */
    private long beats;

    public ClusterMembers(MongoDatabase database, NodeOrigin node, Clock clock) {
        this.nodes = database.getCollection(COLLECTION);
        this.self = node.id();
        this.clock = clock;
    }

    /** This node is alive now; now and then the beats of nodes long gone are deleted. */
    public void beat() {
        long now = clock.millis();
        nodes.replaceOne(Filters.eq("_id", self), new Document("_id", self).append("seenAt", now),
                new ReplaceOptions().upsert(true));
        if (beats++ % FORGET_EVERY_BEATS == 0) {
            nodes.deleteMany(Filters.lt("seenAt", now - FORGET_AFTER.toMillis()));
        }
    }

    /** How many nodes beat within {@code timeout} (this one counted even before its first beat). */
    public int alive(Duration timeout) {
        long since = clock.millis() - timeout.toMillis();
        List<Document> others = nodes.find(Filters.and(Filters.ne("_id", self), Filters.gte("seenAt", since)))
                .projection(new Document("_id", 1)).into(new ArrayList<>());
        return others.size() + 1;
    }

    /** This node leaves: the others share the projections among themselves at once. */
    public void leave() {
        nodes.deleteOne(Filters.eq("_id", self));
    }
}
