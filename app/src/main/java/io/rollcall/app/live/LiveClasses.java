package io.rollcall.app.live;

import io.rollcall.command.classes.LiveClass;
import io.rollcall.command.classes.SchoolClass;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.function.Function;

/**
 * The live state of a class, read from its aggregate: who is in its room, its active session and every mark so
 * far. The aggregate is kept loaded (the aggregate cache), so this costs no database read, and it is read under
 * the class's lock, so what a reader does with it is ordered with the class's commands: frames built here leave
 * in commit order.
 */
@Component
public class LiveClasses {

    private final Repository<SchoolClass> classes;

    public LiveClasses(@Qualifier("schoolClassRepository") Repository<SchoolClass> classes) {
        this.classes = classes;
    }

    /**
     * Runs {@code read} with the class locked: inside a command's unit of work (the live feed's event handlers),
     * with the class that command already holds; elsewhere in a unit of work of its own, released on return.
     * Empty if the id names no class.
     */
    public <T> Optional<T> withClass(String classId, Function<LiveClass, T> read) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root().getMessage() instanceof CommandMessage) {
            // an event handler's unit of work is nested in the command's: the class is loaded in the latter
            // (another node's event is handled outside any command: then the read has a unit of work of its own)
            UnitOfWork<?> command = CurrentUnitOfWork.get().root();
            CurrentUnitOfWork.set(command);
            try {
                return readLoaded(classId, read);
            } finally {
                CurrentUnitOfWork.clear(command);
            }
        }
        // a command message, as the repository expects of the unit of work that loads an aggregate
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(new ReadLiveClass(classId)));
        try {
            Optional<T> result = readLoaded(classId, read);
            unitOfWork.commit();
            return result;
        } catch (RuntimeException | Error e) {
            unitOfWork.rollback(e);
            throw e;
        }
    }

    /** What the unit of work of a live read is about (never dispatched: no handler exists). */
    private record ReadLiveClass(String classId) {
    }

    private <T> Optional<T> readLoaded(String classId, Function<LiveClass, T> read) {
        try {
            LiveClass live = classes.load(classId).invoke(SchoolClass::live);
            return live == null ? Optional.empty() : Optional.ofNullable(read.apply(live));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }
}
