package io.rollcall.api.classes;

import io.rollcall.api.user.UserView;

import java.util.List;

/** A class with its enrolled students in full (names and e-mails), for its teacher. */
public record ClassRoster(String classId, String className, String teacherId, List<UserView> students) {
}
