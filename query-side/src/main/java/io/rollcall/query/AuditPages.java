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
        List<ObjectId> streams = new ArrayList<>();
        studentId.ifPresent(id -> streams.add(AuditTrailProjection.studentStream(classId.get(), id)));
        sessionId.ifPresent(id -> streams.add(AuditTrailProjection.sessionStream(classId.get(), id)));
        List<Document> found = streams.isEmpty() ? walkDown(classId.get(), before, query.limit() + 1)
                : listed(classId.get(), streams, before, query.limit() + 1);
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

    /** Up to {@code wanted} entries below {@code before} listed in every one of the streams, newest first. */
    private List<Document> listed(ObjectId classId, List<ObjectId> streams, long before, int wanted) {
        List<Document> lists = IdLookups.byIds(positions, streams);
        if (lists.size() < streams.size()) {
            return List.of(); // one of the filters has no entry in this class
        }
        TreeSet<Long> common = null;
        for (Document list : lists) {
            TreeSet<Long> listed = new TreeSet<>();
            list.get("positions", Document.class).keySet().forEach(key -> listed.add(Long.parseLong(key)));
            if (common == null) {
                common = listed;
            } else {
                common.retainAll(listed);
            }
        }
        List<ObjectId> ids = common.headSet(before, false).descendingSet().stream()
                .limit(wanted).map(position -> AuditTrailProjection.entryId(classId, position)).toList();
        return IdLookups.byIds(audit, ids).stream().sorted(NEWEST_FIRST).toList();
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
