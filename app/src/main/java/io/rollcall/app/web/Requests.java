package io.rollcall.app.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The contract's request bodies. Strings only (numbers, booleans, objects and arrays are refused as wrong
 * types before validation); lengths are bounded so no field can grow a document without limit.
 */
final class Requests {

    /** One @, no spaces, a dot in the domain: what clients of the original validator accept. */
    static final String EMAIL = "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$";

    private Requests() {
    }

    record Signup(@NotBlank @Size(max = 200) String name,
                  @NotNull @Size(max = 254) @Pattern(regexp = EMAIL) String email,
                  // bcrypt reads at most 72 bytes; a longer password would be silently truncated
                  @NotNull @Size(min = 6, max = 72) String password,
                  @NotNull @Pattern(regexp = "teacher|student") String role) {
    }

    record Login(@NotNull @Size(max = 254) @Pattern(regexp = EMAIL) String email,
                 @NotEmpty @Size(max = 1024) String password) {
    }

    record NewClass(@NotBlank @Size(max = 200) String className) {
    }

    record AddStudent(@NotNull @Size(max = 64) String studentId) {
    }

    record StartAttendance(@NotNull @Size(max = 64) String classId) {
    }
}
