package io.rollcall.api.history;

import java.util.List;

/** One past or active session with every enrolled student's mark: the answer of a session-history query. */
public record SessionDetail(SessionRecord session, List<StudentMark> students) {
}
