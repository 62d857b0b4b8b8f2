package io.rollcall.command.classes;

import java.util.List;

/** Command-side lookup: the sessions a teacher has open, in any class, so a new start can supersede them. */
@FunctionalInterface
public interface ActiveSessionLookup {

    record ActiveSessionRef(String classId, String sessionId) {
    }

    List<ActiveSessionRef> activeSessionsOf(String teacherId);
}
