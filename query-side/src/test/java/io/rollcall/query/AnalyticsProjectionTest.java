package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.rollcall.api.analytics.ClassAnalytics;
import io.rollcall.api.analytics.ClassAnalytics.SessionFigures;
import io.rollcall.api.analytics.ClassAnalytics.StudentFigures;
import io.rollcall.api.analytics.FetchClassAnalytics;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.SessionFinalized;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.rollcall.api.session.AttendanceStatus.ABSENT;
import static io.rollcall.api.session.AttendanceStatus.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsProjectionTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    private static final Instant DAY1 = Instant.parse("2025-02-03T10:00:00.100Z");
    private static final Instant DAY2 = DAY1.plusSeconds(86_400);
    private static final Instant DAY3 = DAY2.plusSeconds(86_400);

    private final String classId = id();
    private final String teacherId = id();
    private final String ada = id();
    private final String bo = id();
    private final String cy = id();
    private MongoCollection<Document> finalized;
    private MongoCollection<Document> byClass;
    private AnalyticsProjection projection;

    @BeforeEach
    void setUp() {
        MongoDatabase database = mongo.freshDatabase();
        finalized = database.getCollection(ReadCollections.ANALYTICS_SESSIONS);
        byClass = database.getCollection(ReadCollections.ANALYTICS_CLASSES);
        projection = new AnalyticsProjection(database, new ProjectionWriter());
    }

    @Test
    void sessionFinalizedStoresTheSessionWithEveryFinalStatus() {
        String sessionId = id();

        projection.on(finalized(sessionId, DAY1, statuses(ada, PRESENT, bo, ABSENT)));

        assertThat(all()).containsExactly(new Document("_id", new ObjectId(sessionId))
                .append("classId", new ObjectId(classId))
                .append("finalizedAt", Date.from(DAY1))
                .append("statuses", new Document(ada, "present").append(bo, "absent")));
        assertThat(byClass.find().into(new ArrayList<>())).containsExactly(new Document("_id", new ObjectId(classId))
                .append("sessions", new Document(sessionId, Date.from(DAY1))));
    }

    @Test
    void reapplyingAFinalizationLeavesTheSameDocumentsAndFigures() {
        projection.on(finalized(id(), DAY1, statuses(ada, ABSENT)));
        SessionFinalized event = finalized(id(), DAY2, statuses(ada, PRESENT, bo, ABSENT));
        projection.on(event);
        List<Document> once = all();
        List<Document> listedOnce = byClass.find().into(new ArrayList<>());
        ClassAnalytics figures = projection.handle(new FetchClassAnalytics(classId, null));

        projection.on(event);

        assertThat(all()).hasSize(2).isEqualTo(once);
        assertThat(byClass.find().into(new ArrayList<>())).isEqualTo(listedOnce);
        assertThat(projection.handle(new FetchClassAnalytics(classId, null))).isEqualTo(figures);
    }

    @Test
    void resetEmptiesTheCollection() {
        projection.on(finalized(id(), DAY1, statuses(ada, PRESENT)));

        projection.reset();

        assertThat(finalized.countDocuments()).isZero();
        assertThat(byClass.countDocuments()).isZero();
        assertThat(projection.handle(new FetchClassAnalytics(classId, null)).finalizedSessions()).isZero();
    }

    @Test
    void figuresGiveRatesAndCurrentAbsenceStreaksInFinalizationOrder() {
        String s1 = id();
        String s2 = id();
        String s3 = id();
        // applied out of time order: the figures must follow finalizedAt, not arrival
        projection.on(finalized(s3, DAY3, statuses(ada, ABSENT, bo, PRESENT, cy, PRESENT)));
        projection.on(finalized(s1, DAY1, statuses(ada, PRESENT, bo, PRESENT)));
        projection.on(finalized(s2, DAY2, statuses(ada, ABSENT, bo, PRESENT, cy, ABSENT)));
        projection.on(new SessionFinalized(id(), id(), teacherId, DAY2, statuses(ada, PRESENT), 1, 0)); // other class

        ClassAnalytics figures = projection.handle(new FetchClassAnalytics(classId, null));

        assertThat(figures.classId()).isEqualTo(classId);
        assertThat(figures.finalizedSessions()).isEqualTo(3);
        assertThat(figures.sessions()).containsExactly(
                new SessionFigures(s1, DAY1, 2, 2, 1.0),
                new SessionFigures(s2, DAY2, 1, 3, 1.0 / 3),
                new SessionFigures(s3, DAY3, 2, 3, 2.0 / 3));
        assertThat(figures.students()).containsExactlyInAnyOrder(
                new StudentFigures(ada, 3, 1, 1.0 / 3, 2),
                new StudentFigures(bo, 3, 3, 1.0, 0),
                new StudentFigures(cy, 2, 1, 0.5, 0)); // enrolled late: rated on the sessions that recorded cy
    }

    @Test
    void belowKeepsOnlyStudentsWhoseRateIsStrictlyBelowIt() {
        projection.on(finalized(id(), DAY1, statuses(ada, PRESENT, bo, PRESENT, cy, ABSENT)));
        projection.on(finalized(id(), DAY2, statuses(ada, ABSENT, bo, PRESENT, cy, ABSENT)));

        ClassAnalytics below = projection.handle(new FetchClassAnalytics(classId, 0.5));

        assertThat(below.students()).extracting(StudentFigures::studentId).containsExactly(cy);
        assertThat(below.finalizedSessions()).as("sessions are not filtered").isEqualTo(2);
        assertThat(below.sessions()).hasSize(2);
        assertThat(projection.handle(new FetchClassAnalytics(classId, 0.51)).students())
                .extracting(StudentFigures::studentId).containsExactlyInAnyOrder(ada, cy);
    }

    @Test
    void aSessionWithoutStudentsCountsWithARatioOfZero() {
        String empty = id();
        projection.on(finalized(empty, DAY1, Map.of()));

        ClassAnalytics figures = projection.handle(new FetchClassAnalytics(classId, null));

        assertThat(figures.finalizedSessions()).isEqualTo(1);
        assertThat(figures.sessions()).containsExactly(new SessionFigures(empty, DAY1, 0, 0, 0));
        assertThat(figures.students()).isEmpty();
    }

    @Test
    void unknownOrMalformedClassesHaveNoFigures() {
        projection.on(finalized(id(), DAY1, statuses(ada, PRESENT)));

        String unknown = id();
        assertThat(projection.handle(new FetchClassAnalytics(unknown, null)))
                .isEqualTo(new ClassAnalytics(unknown, 0, List.of(), List.of()));
        assertThat(projection.handle(new FetchClassAnalytics("nope", null)))
                .isEqualTo(new ClassAnalytics("nope", 0, List.of(), List.of()));
    }

    private SessionFinalized finalized(String sessionId, Instant at, Map<String, AttendanceStatus> statuses) {
        int present = (int) statuses.values().stream().filter(PRESENT::equals).count();
        return new SessionFinalized(classId, sessionId, teacherId, at, statuses, present, statuses.size() - present);
    }

    private static Map<String, AttendanceStatus> statuses(Object... pairs) {
        Map<String, AttendanceStatus> statuses = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            statuses.put((String) pairs[i], (AttendanceStatus) pairs[i + 1]);
        }
        return statuses;
    }

    private List<Document> all() {
        return finalized.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static String id() {
        return new ObjectId().toHexString();
    }
}
