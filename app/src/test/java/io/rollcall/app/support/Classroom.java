package io.rollcall.app.support;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The usual test setting, built over real HTTP: a teacher's class with its enrolled students (each signed up and
 * logged in).
 */
public record Classroom(ApiClient.User teacher, String classId, List<ApiClient.User> students) {

    public ApiClient.User student(int index) {
        return students.get(index);
    }

    /** Signs up a teacher and {@code students} students, creates the class and enrols them all. */
    public static Classroom create(ApiClient api, String name, int students) {
        ApiClient.User teacher = api.signupAndLogin(name + " Teacher", "teacher");
        List<ApiClient.User> enrolled = students(api, name + " Student", students);
        String classId = api.createClass(teacher, name);
        enrolled.forEach(student -> api.enrol(teacher, classId, student));
        return new Classroom(teacher, classId, enrolled);
    }

    /** Signs up students in parallel (bcrypt makes each signup cost ~100 ms). */
    public static List<ApiClient.User> students(ApiClient api, String name, int count) {
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> api.signupAndLogin(name + " " + i, "student"))
                .toList();
    }
}
