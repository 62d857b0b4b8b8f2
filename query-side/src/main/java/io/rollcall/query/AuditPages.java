package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.rollcall.api.audit.AuditCursor;
import io.rollcall.api.audit.AuditEntry;
import io.rollcall.api.audit.AuditPage;
import io.rollcall.api.audit.FetchAuditTrail;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads the audit trail a page at a time, newest first, by key lookups only: the positions a page may hold
 * are worked out first, then their entries are fetched by the ids {@link AuditTrailProjection#entryId} gives.
 * For the whole class, positions are walked down from the class's newest one (the class's history is dense:
 * most of its events are marks); for a student or a session, their own list of positions names exactly the
 * entries. Either way the cost follows the class's own history, not the whole store's.
 */
final class AuditPages {

    /** The most positions one round of {@link #walkDown} names. */
    private static final int MAX_ROUND = 1_000;
    /** Listing buckets read per round of {@link #listed}. */
    private static final int BUCKETS_PER_ROUND = 4;
    private static final Comparator<Document> NEWEST_FIRST =
            Comparator.comparing((Document d) -> d.getLong("position")).reversed();

    private final MongoCollection<Document> audit;
    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> positions;

    AuditPages(MongoCollection<Document> audit, MongoCollection<Document> heads,
               MongoCollection<Document> positions) {
        this.audit = audit;
        this.heads = heads;
        this.positions = positions;
    }

    AuditPage read(FetchAuditTrail query) {
        Optional<ObjectId> classId = ObjectIds.parse(query.classId());
        Optional<ObjectId> studentId = ObjectIds.parse(query.studentId());
        Optional<ObjectId> sessionId = ObjectIds.parse(query.sessionId());
        // a filter that names no id matches nothing
        if (classId.isEmpty() || query.studentId() != null && studentId.isEmpty()
                || query.sessionId() != null && sessionId.isEmpty()) {
            return new AuditPage(List.of(), null);
        }
        long before = query.cursor() == null ? Long.MAX_VALUE : AuditCursor.decode(query.cursor()).orElseThrow(
                () -> new IllegalArgumentException("not an audit cursor")).position(); // the edge validated it
        List<Document> found = studentId.isEmpty() && sessionId.isEmpty()
                ? walkDown(classId.get(), before, query.limit() + 1)
                : listed(classId.get(), studentId.orElse(null), sessionId.orElse(null), before, query.limit() + 1);
        boolean more = found.size() > query.limit();
        List<Document> page = more ? found.subList(0, query.limit()) : found;
        String next = more ? new AuditCursor(page.get(page.size() - 1).getLong("position")).encode() : null;
        return new AuditPage(page.stream().map(AuditPages::toEntry).toList(), next);
    }

    /**
     * Up to {@code wanted} entries of the class below {@code before}, newest first, found by naming the positions
     * from the newest down, in rounds that grow (the positions of other events of the class have no entry).
     */
    private List<Document> walkDown(ObjectId classId, long before, int wanted) {
        Document head = heads.find(Filters.eq("_id", classId)).first();
        if (head == null) {
            return List.of();
        }
        List<Document> found = new ArrayList<>();
        long from = Math.min(head.getLong("position"), before - 1);
        int round = Math.min(MAX_ROUND, wanted + wanted / 8 + 4);
        while (from >= 0 && found.size() < wanted) {
            long to = Math.max(0, from - round + 1);
            List<ObjectId> ids = new ArrayList<>();
            for (long position = from; position >= to; position--) {
                ids.add(AuditTrailProjection.entryId(classId, position));
            }
            found.addAll(IdLookups.byIds(audit, ids).stream().sorted(NEWEST_FIRST).toList());
            from = to - 1;
            round = Math.min(MAX_ROUND, round * 2);
        }
        return found.size() > wanted ? found.subList(0, wanted) : found;
    }

    /**
     * Up to {@code wanted} entries below {@code before} listed for the student and/or the session, newest first:
     * their listing buckets are read from the newest down, {@value #BUCKETS_PER_ROUND} at a time, until enough
     * positions are named.
     */
    private List<Document> listed(ObjectId classId, ObjectId studentId, ObjectId sessionId, long before,
                                  int wanted) {
        Document head = heads.find(Filters.eq("_id", classId)).first();
        if (head == null) {
            return List.of();
        }
        TreeSet<Long> named = new TreeSet<>();
        long bucket = AuditTrailProjection.bucketOf(Math.min(head.getLong("position"), before - 1));
        while (bucket >= 0 && named.headSet(before, false).size() < wanted) {
            long lowest = Math.max(0, bucket - BUCKETS_PER_ROUND + 1);
            for (long b = bucket; b >= lowest; b--) {
                named.addAll(common(b, classId, studentId, sessionId));
            }
            bucket = lowest - 1;
        }
        List<ObjectId> ids = named.headSet(before, false).descendingSet().stream()
                .limit(wanted).map(position -> AuditTrailProjection.entryId(classId, position)).toList();
        return IdLookups.byIds(audit, ids).stream().sorted(NEWEST_FIRST).toList();
    }

    /** The positions of one bucket listed for every filter given. */
    private TreeSet<Long> common(long bucket, ObjectId classId, ObjectId studentId, ObjectId sessionId) {
        List<ObjectId> streams = new ArrayList<>();
        if (studentId != null) {
            streams.add(AuditTrailProjection.studentStream(classId, studentId, bucket));
        }
        if (sessionId != null) {
            streams.add(AuditTrailProjection.sessionStream(classId, sessionId, bucket));
        }
        List<Document> lists = IdLookups.byIds(positions, streams);
        TreeSet<Long> common = new TreeSet<>();
        if (lists.size() < streams.size()) {
            return common; // one of the filters has nothing in this bucket
        }
        for (int i = 0; i < lists.size(); i++) {
            TreeSet<Long> listed = new TreeSet<>();
            lists.get(i).get("positions", Document.class).keySet().forEach(key -> listed.add(Long.parseLong(key)));
            if (i == 0) {
                common = listed;
            } else {
                common.retainAll(listed);
            }
        }
        return common;
    }

    private static AuditEntry toEntry(Document doc) {
        String previous = doc.getString("previousStatus");
        return new AuditEntry(doc.getObjectId("_id").toHexString(), doc.getObjectId("classId").toHexString(),
                doc.getObjectId("sessionId").toHexString(), doc.getObjectId("studentId").toHexString(),
                AttendanceStatus.fromWire(doc.getString("status")).orElseThrow(),
                previous == null ? null : AttendanceStatus.fromWire(previous).orElseThrow(),
                doc.getObjectId("markedBy").toHexString(), doc.getDate("markedAt").toInstant(),
                MarkOrigin.valueOf(doc.getString("origin")));
    }
}
