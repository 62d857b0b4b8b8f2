package io.rollcall.api.classes;

import java.util.List;

/** A class as the queries answer it: its name, teacher and enrolled students. */
public record ClassView(String classId, String className, String teacherId, List<String> studentIds) {

    public boolean isEnrolled(String studentId) {
        return studentIds.contains(studentId);
    }
}
