package io.rollcall.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.rollcall.api.classes.ClassCreated;
import io.rollcall.api.classes.ClassRoster;
import io.rollcall.api.classes.ClassView;
import io.rollcall.api.classes.FindClass;
import io.rollcall.api.classes.FindClassRoster;
import io.rollcall.api.classes.FindClassesOf;
import io.rollcall.api.classes.StudentEnrolled;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.api.user.UserView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code classes} view: {_id, className, teacherId, studentIds[]} plus {@code lastFinalizedSessionId},
 * which lets {@code my-attendance} find the class's latest finalized session with two key lookups; and
 * {@code user_classes}: per user, {_id: userId, classIds[]}, the classes they teach or joined, in that order, so
 * a user's classes are one key lookup plus one lookup of those ids.
 *
 * <p>Every REST route on a class asks who is in it (the owner and enrolment checks), so the membership is also
 * kept in memory: written after the document, by the same handlers, and read through from the collection on a
 * miss. At most
 * {@link #MAX_CACHED_CLASSES} classes are kept; past that an entry is forgotten (and read through again when
 * next asked for), so the cache cannot grow with the number of classes ever created. Not when nodes share the
 * database ({@link ReadSideOptions}).
 */
@Component
@ProcessingGroup("classes")
@OrderedAcrossAggregates("a user's classes are listed in the order they were created or joined")
@WritesCollections(value = {ReadCollections.CLASSES, ReadCollections.USER_CLASSES}, version = 2)
public class ClassProjection implements ReloadableProjection {

    private final MongoCollection<Document> classes;
    private final MongoCollection<Document> users;
    private final MongoCollection<Document> userClasses;
    static final int MAX_CACHED_CLASSES = 10_000;

    private final Map<String, ClassView> membership = new ConcurrentHashMap<>();
    private final ProjectionWriter writes;
    /** False when other nodes share the database: every lookup reads the collection (one key lookup). */
    private final boolean inMemory;

    public ClassProjection(MongoDatabase database, ProjectionWriter writes) {
        this(database, writes, ReadSideOptions.SINGLE_NODE);
    }

    @Autowired
    public ClassProjection(MongoDatabase database, ProjectionWriter writes, ReadSideOptions options) {
        this.writes = writes;
        this.inMemory = options.classesInMemory();
        this.classes = database.getCollection(ReadCollections.CLASSES);
        this.users = database.getCollection(ReadCollections.USERS);
        this.userClasses = database.getCollection(ReadCollections.USER_CLASSES);
    }

    @EventHandler
    void on(ClassCreated event) {
        ObjectId id = new ObjectId(event.classId());
        Document doc = new Document("_id", id)
                .append("className", event.className())
                .append("teacherId", new ObjectId(event.teacherId()))
                .append("studentIds", new ArrayList<>())
                .append("createdAt", java.util.Date.from(event.createdAt()));
        writes.write(classes, new ReplaceOneModel<>(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true)));
        join(event.teacherId(), id);
        if (inMemory) {
            membership.put(event.classId(), toView(doc));
            keepBounded();
        }
    }

    @EventHandler
    void on(StudentEnrolled event) {
        writes.write(classes, new UpdateOneModel<>(Filters.eq("_id", new ObjectId(event.classId())),
                Updates.addToSet("studentIds", new ObjectId(event.studentId()))));
        join(event.studentId(), new ObjectId(event.classId()));
        membership.computeIfPresent(event.classId(), (id, view) -> view.isEnrolled(event.studentId()) ? view
                : new ClassView(id, view.className(), view.teacherId(), append(view.studentIds(), event.studentId())));
    }

    @EventHandler
    void on(SessionFinalized event) {
        writes.write(classes, new UpdateOneModel<>(Filters.eq("_id", new ObjectId(event.classId())),
                Updates.set("lastFinalizedSessionId", new ObjectId(event.sessionId()))));
    }

    private void join(String userId, ObjectId classId) {
        writes.write(userClasses, new UpdateOneModel<>(Filters.eq("_id", new ObjectId(userId)),
                Updates.addToSet("classIds", classId), new UpdateOptions().upsert(true)));
    }

    @ResetHandler
    void reset() {
        classes.deleteMany(new Document());
        userClasses.deleteMany(new Document());
        membership.clear();
    }

    /** Entries are read through from the collection, so forgetting them is enough. */
    @Override
    public void reload() {
        membership.clear();
    }

    @QueryHandler
    public Optional<ClassView> handle(FindClass query) {
        Optional<ObjectId> id = ObjectIds.parse(query.classId());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (!inMemory) {
            return find(id.get().toHexString()).map(ClassProjection::toView);
        }
        // keyed by the canonical (lower-case) id, as the handlers write it: an id typed in upper case must
        // not get an entry of its own that enrolments never update.
        // Loading under the map's lock for this key orders it with a concurrent enrolment's update.
        Optional<ClassView> view = Optional.ofNullable(membership.computeIfAbsent(id.get().toHexString(),
                key -> find(key).map(ClassProjection::toView).orElse(null)));
        keepBounded();
        return view;
    }

    /**
     * Forgets entries beyond the bound (any of them: every entry can be read through again, and the live path
     * reads the class aggregate, not this cache).
     */
    private void keepBounded() {
        var keys = membership.keySet().iterator();
        while (membership.size() > MAX_CACHED_CLASSES && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    /** Entries held (for the bound's test). */
    int cachedClasses() {
        return membership.size();
    }

    private static List<String> append(List<String> ids, String id) {
        List<String> copy = new ArrayList<>(ids);
        copy.add(id);
        return List.copyOf(copy);
    }

    @QueryHandler
    public List<ClassView> handle(FindClassesOf query) {
        Optional<ObjectId> user = ObjectIds.parse(query.userId());
        Document joined = user.isEmpty() ? null : userClasses.find(Filters.eq("_id", user.get())).first();
        List<ObjectId> ids = joined == null ? List.of() : joined.getList("classIds", ObjectId.class);
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<ObjectId, ClassView> byId = new HashMap<>();
        classes.find(Filters.in("_id", ids)).forEach(doc -> byId.put(doc.getObjectId("_id"), toView(doc)));
        List<ClassView> newestFirst = new ArrayList<>();
        for (int i = ids.size() - 1; i >= 0; i--) {
            ClassView view = byId.get(ids.get(i));
            if (view != null) {
                newestFirst.add(view);
            }
        }
        return newestFirst;
    }

    @QueryHandler
    public Optional<ClassRoster> handle(FindClassRoster query) {
        return handle(new FindClass(query.classId())).map(this::withStudents);
    }

    private ClassRoster withStudents(ClassView view) {
        List<ObjectId> ids = view.studentIds().stream().map(ObjectId::new).toList();
        Map<String, UserView> byId = new HashMap<>();
        users.find(Filters.in("_id", ids)).forEach(doc -> {
            UserView user = UserProjection.toView(doc);
            byId.put(user.userId(), user);
        });
        List<UserView> students = view.studentIds().stream().map(byId::get).filter(u -> u != null).toList();
        return new ClassRoster(view.classId(), view.className(), view.teacherId(), students);
    }

    Optional<Document> find(String classId) {
        return ObjectIds.parse(classId).map(id -> classes.find(Filters.eq("_id", id)).first());
    }

    static ClassView toView(Document doc) {
        List<String> students = doc.getList("studentIds", ObjectId.class, List.of()).stream()
                .map(ObjectId::toHexString).toList();
        return new ClassView(doc.getObjectId("_id").toHexString(), doc.getString("className"),
                doc.getObjectId("teacherId").toHexString(), students);
    }
}
