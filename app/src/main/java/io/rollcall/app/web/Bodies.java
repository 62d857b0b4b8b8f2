package io.rollcall.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rollcall.api.classes.ClassRoster;
import io.rollcall.api.classes.ClassView;
import io.rollcall.api.user.UserView;

import java.util.List;

/** The contract's response payloads (the {@code data} of the envelope). */
final class Bodies {

    private Bodies() {
    }

    record UserBody(@JsonProperty("_id") String id, String name, String email, String role) {
        static UserBody of(UserView user) {
            return new UserBody(user.userId(), user.name(), user.email(), user.role().wireName());
        }
    }

    record Student(@JsonProperty("_id") String id, String name, String email) {
        static Student of(UserView user) {
            return new Student(user.userId(), user.name(), user.email());
        }
    }

    record Token(String token) {
    }

    record ClassBody(@JsonProperty("_id") String id, String className, String teacherId, List<String> studentIds) {
        static ClassBody of(ClassView view) {
            return new ClassBody(view.classId(), view.className(), view.teacherId(), view.studentIds());
        }
    }

    record ClassWithStudents(@JsonProperty("_id") String id, String className, String teacherId,
                             List<Student> students) {
        static ClassWithStudents of(ClassRoster roster) {
            return new ClassWithStudents(roster.classId(), roster.className(), roster.teacherId(),
                    roster.students().stream().map(Student::of).toList());
        }
    }

    record MyAttendance(String classId, String status) {
    }

    record SessionStartedBody(String classId, String startedAt, String sessionId) {
    }
}
