package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.rollcall.api.analytics.ClassAnalytics;
import io.rollcall.api.analytics.FetchClassAnalytics;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.SessionFinalized;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code analytics_sessions} view, the analytics' own projection: one document per finalized session with
 * every student's final status. Written by replacement (re-delivery is harmless); rates and streaks are derived
 * when asked, so they are never double-counted. Each class's finalized sessions are listed in
 * {@code analytics_classes} ({@link ClassSessionList}), so a class's figures read its own sessions by key.
 */
@Component
@ProcessingGroup("analytics")
@WritesCollections(value = {ReadCollections.ANALYTICS_SESSIONS, ReadCollections.ANALYTICS_CLASSES}, version = 2)
public class AnalyticsProjection {

    private static final Comparator<Document> IN_FINALIZED_ORDER = Comparator
            .comparing((Document d) -> d.getDate("finalizedAt")).thenComparing(d -> d.getObjectId("_id"));

    private final MongoCollection<Document> finalized;
    private final MongoCollection<Document> byClass;
    private final ProjectionWriter writes;

    public AnalyticsProjection(MongoDatabase database, ProjectionWriter writes) {
        this.writes = writes;
        this.finalized = database.getCollection(ReadCollections.ANALYTICS_SESSIONS);
        this.byClass = database.getCollection(ReadCollections.ANALYTICS_CLASSES);
    }

    @EventHandler
    void on(SessionFinalized event) {
        ObjectId id = new ObjectId(event.sessionId());
        Document statuses = new Document();
        event.finalStatuses().forEach((student, status) -> statuses.append(student, status.wireName()));
        writes.write(finalized, new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id)
                        .append("classId", new ObjectId(event.classId()))
                        .append("finalizedAt", Date.from(event.finalizedAt()))
                        .append("statuses", statuses),
                new ReplaceOptions().upsert(true)));
        writes.write(byClass, ClassSessionList.put(event.classId(), event.sessionId(), event.finalizedAt()));
    }

    @ResetHandler
    void reset() {
        finalized.deleteMany(new Document());
        byClass.deleteMany(new Document());
    }

    @QueryHandler
    public ClassAnalytics handle(FetchClassAnalytics query) {
        List<ObjectId> ids = ClassSessionList.read(byClass, query.classId()).stream()
                .map(ClassSessionList.Entry::sessionId).toList();
        List<Document> sessions = IdLookups.byIds(finalized, ids).stream()
                .sorted(IN_FINALIZED_ORDER).toList();

        List<ClassAnalytics.SessionFigures> perSession = new ArrayList<>();
        Map<String, int[]> perStudent = new LinkedHashMap<>(); // recorded, present, current absence streak
        for (Document session : sessions) {
            Document statuses = session.get("statuses", Document.class);
            int present = 0;
            for (Map.Entry<String, Object> entry : statuses.entrySet()) {
                int[] figures = perStudent.computeIfAbsent(entry.getKey(), k -> new int[3]);
                figures[0]++;
                if (AttendanceStatus.PRESENT.wireName().equals(entry.getValue())) {
                    present++;
                    figures[1]++;
                    figures[2] = 0;
                } else {
                    figures[2]++;
                }
            }
            int total = statuses.size();
            perSession.add(new ClassAnalytics.SessionFigures(session.getObjectId("_id").toHexString(),
                    session.getDate("finalizedAt").toInstant(), present, total,
                    total == 0 ? 0 : (double) present / total));
        }
        List<ClassAnalytics.StudentFigures> students = perStudent.entrySet().stream()
                .map(e -> new ClassAnalytics.StudentFigures(e.getKey(), e.getValue()[0], e.getValue()[1],
                        (double) e.getValue()[1] / e.getValue()[0], e.getValue()[2]))
                .filter(s -> query.below() == null || s.rate() < query.below())
                .toList();
        return new ClassAnalytics(query.classId(), sessions.size(), students, perSession);
    }
}
