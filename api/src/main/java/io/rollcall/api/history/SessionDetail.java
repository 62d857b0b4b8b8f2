package io.rollcall.api.history;

import java.util.List;

public record SessionDetail(SessionRecord session, List<StudentMark> students) {
}
