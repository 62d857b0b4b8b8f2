package io.rollcall.app.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rollcall.api.classes.ClassRoster;
import io.rollcall.api.classes.ClassView;
import io.rollcall.api.user.UserView;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The contract's response payloads (the {@code data} of the envelope); their {@code @Schema} annotations are the
 * OpenAPI document's schemas and, through the examples, its success examples.
 */
final class Bodies {

    /** A MongoDB ObjectId as the wire writes it. */
    static final String ID = "^[0-9a-f]{24}$";
    // example values, as in docs/api.md
    static final String TEACHER_ID = "6b0a46faa4323906d82bbe47";
    static final String STUDENT_ID = "6b0a46fba4323906d82bbe49";
    static final String CLASS_ID = "6b0a46fda4323906d82bbe4b";
    static final String SESSION_ID = "6b0a46fea4323906d82bbe4e";

    private Bodies() {
    }

    record UserBody(@Schema(description = "The user's id", pattern = ID, example = TEACHER_ID)
                    @JsonProperty("_id") String id,
                    @Schema(example = "Ada Lovelace") String name,
                    @Schema(example = "ada@school.test") String email,
                    @Schema(allowableValues = {"teacher", "student"}, example = "teacher") String role) {
        static UserBody of(UserView user) {
            return new UserBody(user.userId(), user.name(), user.email(), user.role().wireName());
        }
    }

    record Student(@Schema(description = "The student's id", pattern = ID, example = STUDENT_ID)
                   @JsonProperty("_id") String id,
                   @Schema(example = "Sam Student") String name,
                   @Schema(example = "sam@school.test") String email) {
        static Student of(UserView user) {
            return new Student(user.userId(), user.name(), user.email());
        }
    }

    record Token(@Schema(description = "HS256 JWT; claims userId, role, iat, exp = iat + 24 h",
            example = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOi...") String token) {
    }

    record ClassBody(@Schema(description = "The class id", pattern = ID, example = CLASS_ID)
                     @JsonProperty("_id") String id,
                     @Schema(example = "Math 101") String className,
                     @Schema(description = "The owning teacher's id", pattern = ID, example = TEACHER_ID)
                     String teacherId,
                     @ArraySchema(schema = @Schema(pattern = ID, example = STUDENT_ID)) List<String> studentIds) {
        static ClassBody of(ClassView view) {
            return new ClassBody(view.classId(), view.className(), view.teacherId(), view.studentIds());
        }
    }

    record ClassWithStudents(@Schema(description = "The class id", pattern = ID, example = CLASS_ID)
                             @JsonProperty("_id") String id,
                             @Schema(example = "Math 101") String className,
                             @Schema(description = "The owning teacher's id", pattern = ID, example = TEACHER_ID)
                             String teacherId,
                             List<Student> students) {
        static ClassWithStudents of(ClassRoster roster) {
            return new ClassWithStudents(roster.classId(), roster.className(), roster.teacherId(),
                    roster.students().stream().map(Student::of).toList());
        }
    }

    record MyAttendance(@Schema(description = "The class id", pattern = ID, example = CLASS_ID) String classId,
                        @Schema(description = "From the class's latest finalized session; null if there is none",
                                allowableValues = {"present", "absent"}, nullable = true, example = "present")
                        String status) {
    }

    record SessionStartedBody(@Schema(description = "The class id", pattern = ID, example = CLASS_ID) String classId,
                              @Schema(description = "UTC ISO-8601 with exactly 3 fraction digits and Z",
                                      pattern = Timestamps.PATTERN, example = "2025-03-11T10:00:00.000Z")
                              String startedAt,
                              @Schema(description = "ext: the new session's id", pattern = ID, example = SESSION_ID)
                              String sessionId) {
    }
}
