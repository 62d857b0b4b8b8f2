package io.rollcall.app.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The contract's request bodies. Strings only (numbers, booleans, objects and arrays are refused as wrong
 * types before validation); lengths are bounded so no field can grow a document without limit. The OpenAPI
 * document reads its limits from the constraints and its examples from {@code @Schema}.
 */
final class Requests {

    /** One @, no spaces, a dot in the domain: what clients of the original validator accept. */
    static final String EMAIL = "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$";

    private Requests() {
    }

    record Signup(@Schema(example = "Ada Lovelace") @NotBlank @Size(max = 200) String name,
                  @Schema(example = "ada@school.test") @NotNull @Size(max = 254) @Pattern(regexp = EMAIL) String email,
                  // bcrypt reads at most 72 bytes; a longer password would be silently truncated
                  @Schema(example = "secret123") @NotNull @Size(min = 6, max = 72) String password,
                  @Schema(example = "teacher") @NotNull @Pattern(regexp = "teacher|student") String role) {
    }

    record Login(@Schema(example = "ada@school.test") @NotNull @Size(max = 254) @Pattern(regexp = EMAIL) String email,
                 @Schema(example = "secret123") @NotEmpty @Size(max = 1024) String password) {
    }

    record NewClass(@Schema(example = "Math 101") @NotBlank @Size(max = 200) String className) {
    }

    record AddStudent(@Schema(example = Bodies.STUDENT_ID) @NotNull @Size(max = 64) String studentId) {
    }

    record StartAttendance(@Schema(example = Bodies.CLASS_ID) @NotNull @Size(max = 64) String classId) {
    }
}
