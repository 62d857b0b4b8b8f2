package io.rollcall.api.session;

/** How a mark came to be: the audit trail tells a teacher's mark from the automatic absence of DONE. */
public enum MarkOrigin {
    TEACHER_MARK, AUTO_ABSENT_AT_FINALIZE
}
