package io.rollcall.app.ws;

import io.rollcall.api.session.AttendanceMarked;
import io.rollcall.api.session.MarkOrigin;
import io.rollcall.api.session.SessionFinalized;
import io.rollcall.app.live.LiveClasses;
import io.rollcall.command.classes.LiveClass;
import io.rollcall.query.ActiveSessionIndex;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live feed: turns stored events into the room's frames. It belongs to the live processing group, so it runs
 * in the thread of the command that stored the event, right after the append; the frames leave when the command
 * has committed, with the class still locked: a frame leaves only for a durable event, a room's frames are queued
 * in commit order, nothing of a session can follow its DONE, and the socket that sent the command (named in the
 * command's metadata) has its frame written before anyone else is sent it.
 * <p>
 * With several nodes, events other nodes stored arrive too (see {@code OtherNodesEvents}), a little later. So
 * that every node still frames a class's events in their stored order, the feed remembers per class the last
 * sequence number it framed: an event of another node that arrives after a later one was framed here is
 * skipped, and a command that finds events of other nodes not yet framed here (its append came after them)
 * frames those first, read from the event store.
 */
@Component
@ProcessingGroup(ActiveSessionIndex.LIVE)
public class LiveFeed {

    /** Command metadata: the id of the socket whose request the command is. */
    public static final String SENDER_SOCKET = "senderSocket";
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    /** The command's unit of work resource holding its frames until it commits. */
    private static final String PENDING = LiveFeed.class.getName() + ".frames";
    /** Classes whose last framed event is remembered (the least recently framed forgotten first). */
    private static final int REMEMBERED_CLASSES = 50_000;
    private static final String CLASS_AGGREGATE = "SchoolClass";

    private final LiveClasses classes;
    private final ClassRoom rooms;
    private final SocketMessages messages;
    private final ObjectProvider<EventStore> eventStore;
    /** Per class, the sequence number of the newest event this node has framed (or passed, if it has no frame). */
    private final Map<String, Long> framedUpTo = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > REMEMBERED_CLASSES;
                }
            });

    public LiveFeed(LiveClasses classes, ClassRoom rooms, SocketMessages messages,
                    ObjectProvider<EventStore> eventStore) {
        this.classes = classes;
        this.rooms = rooms;
        this.messages = messages;
        this.eventStore = eventStore;
    }

    @EventHandler
    void on(AttendanceMarked event, @SequenceNumber long sequence) {
        follow(event.classId(), sequence, frameOf(event));
    }

    @EventHandler
    void on(SessionFinalized event, @SequenceNumber long sequence) {
        follow(event.classId(), sequence, frameOf(event));
    }

    /** Any other event of a class has no frame, but it is a step in the class's order. */
    @EventHandler
    void on(Object event, DomainEventMessage<?> message) {
        if (CLASS_AGGREGATE.equals(message.getType())) {
            framedUpTo.merge(message.getAggregateIdentifier(), message.getSequenceNumber(), Math::max);
        }
    }

    private TextMessage frameOf(AttendanceMarked event) {
        if (event.origin() != MarkOrigin.TEACHER_MARK) {
            return null; // DONE's automatic absences are announced by DONE's own counts
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("studentId", event.studentId());
        payload.put("status", event.status().wireName());
        return messages.event("ATTENDANCE_MARKED", payload);
    }

    private TextMessage frameOf(SessionFinalized event) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("message", "Attendance persisted");
        payload.putAll(SocketMessages.counts(event.present(), event.absent()));
        return messages.event("DONE", payload);
    }

    /**
     * Queues the frames of the class's events up to {@code sequence} that this node has not framed yet, in their
     * stored order, to leave once the unit of work has committed, still inside it and so with the class still
     * locked (the lock is released at clean-up, after this).
     */
    private void follow(String classId, long sequence, TextMessage frame) {
        if (!CurrentUnitOfWork.isStarted()) {
            classes.withClass(classId, room -> {
                framesUpTo(classId, sequence, frame).forEach(f -> send(room, f, null));
                return room;
            });
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        String sender = (String) unitOfWork.getMessage().getMetaData().get(SENDER_SOCKET);
        classes.withClass(classId, room -> {
            List<TextMessage> frames = framesUpTo(classId, sequence, frame);
            if (frames.isEmpty()) {
                return room;
            }
            List<Runnable> pending = unitOfWork.getOrComputeResource(PENDING, key -> {
                List<Runnable> queued = new ArrayList<>();
                unitOfWork.afterCommit(u -> queued.forEach(Runnable::run));
                return queued;
            });
            for (int i = 0; i < frames.size(); i++) {
                TextMessage next = frames.get(i);
                String from = i == frames.size() - 1 ? sender : null; // the sender's frame is the last one
                pending.add(() -> send(room, next, from));
            }
            return room;
        });
    }

    /** Called with the class locked: the frames to send for {@code sequence}, after any this node missed. */
    private List<TextMessage> framesUpTo(String classId, long sequence, TextMessage frame) {
        Long framed = framedUpTo.get(classId);
        if (framed != null && sequence <= framed) {
            return List.of(); // framed here already, before a later event of this class
        }
        List<TextMessage> frames = new ArrayList<>();
        if (framed != null && sequence > framed + 1) {
            frames.addAll(storedFrames(classId, framed + 1, sequence));
        }
        if (frame != null) {
            frames.add(frame);
        }
        framedUpTo.merge(classId, sequence, Math::max);
        return frames;
    }

    /** The frames of the class's stored events from {@code first} up to (not including) {@code end}. */
    private List<TextMessage> storedFrames(String classId, long first, long end) {
        List<TextMessage> frames = new ArrayList<>();
        DomainEventStream stored = eventStore.getObject().readEvents(classId, first);
        while (stored.hasNext()) {
            DomainEventMessage<?> event = stored.next();
            if (event.getSequenceNumber() >= end) {
                break;
            }
            TextMessage frame = event.getPayload() instanceof AttendanceMarked marked ? frameOf(marked)
                    : event.getPayload() instanceof SessionFinalized finalized ? frameOf(finalized) : null;
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /** The event is stored whatever happens here: a failure to send must not fail its command. */
    private boolean send(LiveClass room, TextMessage frame, String senderSocket) {
        try {
            rooms.broadcast(room, frame, senderSocket);
            return true;
        } catch (RuntimeException e) {
            log.error("Could not send a frame to the room of class {}", room.classId(), e);
            return false;
        }
    }
}
