package io.rollcall.api.classes;

import io.rollcall.api.user.UserView;

import java.util.List;

public record ClassRoster(String classId, String className, String teacherId, List<UserView> students) {
}
