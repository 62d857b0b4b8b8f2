package io.rollcall.app.bench;

import io.rollcall.app.eventstore.CleanShutdownHead;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.StudentEnrolled;
import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.session.SessionStarted;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserRegistered;
import io.rollcall.app.axon.AxonConfig;
import io.rollcall.app.config.RollcallSettings;
import io.rollcall.app.mongo.DatabaseConnection;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.documentperevent.DocumentPerEventStorageStrategy;
import org.axonframework.serialization.Serializer;
import org.bson.types.ObjectId;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark helper, not a test: writes a realistic history of about {@code events} events straight into the
 * event store of an embedded H2 database in {@code dataDir} (classes, enrolments, sessions with marks,
 * corrections and DONE), dated in the past, and nothing else: the first start of the service then builds every
 * projection from that history (each projection's processor starts from the beginning), and
 * {@code java -jar rollcall.jar --rebuild=all} measures a rebuild. Run with the test classpath:
 * {@code java -cp <classpath> io.rollcall.app.bench.HistoryGenerator <dataDir> <events>}.
 */
public final class HistoryGenerator {

    private static final int STUDENTS = 20;
    private static final String CLASS_TYPE = "SchoolClass";

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        long wanted = Long.parseLong(args[1]);
        RollcallSettings settings = new RollcallSettings("", dataDir, "", "h2");
        try (DatabaseConnection connection = DatabaseConnection.open(settings)) {
            Serializer serializer = new AxonConfig().serializer();
            MongoEventStorageEngine store = MongoEventStorageEngine.builder()
                    .mongoTemplate(DefaultMongoTemplate.builder()
                            .mongoDatabase(connection.client(), connection.databaseName()).build())
                    .storageStrategy(new DocumentPerEventStorageStrategy())
                    .eventSerializer(serializer).snapshotSerializer(serializer).build();
            Instant time = Instant.parse("2025-09-01T08:00:00.000Z");
            long written = 0;
            long started = System.nanoTime();
            while (written < wanted) {
                List<DomainEventMessage<?>> batch = new ArrayList<>();
                String teacher = new ObjectId().toHexString();
                batch.add(event("User", teacher, 0, new UserRegistered(teacher, "Teacher", teacher + "@school.test",
                        Role.TEACHER, time), time));
                List<String> students = new ArrayList<>();
                for (int i = 0; i < STUDENTS; i++) {
                    String student = new ObjectId().toHexString();
                    students.add(student);
                    batch.add(event("User", student, 0, new UserRegistered(student, "Student " + i,
                            student + "@school.test", Role.STUDENT, time), time));
                }
                String classId = new ObjectId().toHexString();
                long seq = 0;
                batch.add(event(CLASS_TYPE, classId, seq++, new ClassCreated(classId, "Class", teacher, time), time));
                for (String student : students) {
                    batch.add(event(CLASS_TYPE, classId, seq++, new StudentEnrolled(classId, student, teacher, time),
                            time));
                }
                for (int day = 0; day < 40 && written + batch.size() < wanted; day++) {
                    time = time.plus(Duration.ofMinutes(5));
                    String session = new ObjectId().toHexString();
                    batch.add(event(CLASS_TYPE, classId, seq++, new SessionStarted(classId, session, teacher, time),
                            time));
                    Map<String, AttendanceStatus> marks = new LinkedHashMap<>();
                    for (int i = 0; i < STUDENTS; i++) {
                        AttendanceStatus status = (i + day) % 4 == 0 ? AttendanceStatus.ABSENT : AttendanceStatus.PRESENT;
                        batch.add(event(CLASS_TYPE, classId, seq++, new AttendanceMarked(classId, session,
                                students.get(i), status, null, teacher, time, MarkOrigin.TEACHER_MARK), time));
                        marks.put(students.get(i), status);
                    }
                    int present = (int) marks.values().stream().filter(AttendanceStatus.PRESENT::equals).count();
                    batch.add(event(CLASS_TYPE, classId, seq++, new SessionFinalized(classId, session, teacher, time,
                            marks, present, STUDENTS - present), time));
                }
                store.appendEvents(batch);
                written += batch.size();
            }
            // a head left by an earlier clean shutdown no longer covers what was just written
            new CleanShutdownHead(connection.client().getDatabase(connection.databaseName())).take();
            System.out.printf("wrote %d events in %.1f s%n", written, (System.nanoTime() - started) / 1e9);
        }
    }

    private static DomainEventMessage<?> event(String type, String aggregate, long seq, Object payload, Instant at) {
        return new GenericDomainEventMessage<>(type, aggregate, seq,
                new org.axonframework.messaging.GenericMessage<>(payload), at);
    }
}
