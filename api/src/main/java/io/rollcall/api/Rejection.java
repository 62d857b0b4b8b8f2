package io.rollcall.api;

/**
 * Why the write model refused a command. The edges translate each one to the contract's exact
 * status and message, so the domain never carries HTTP or WebSocket wording.
 */
public enum Rejection {
    EMAIL_ALREADY_EXISTS,
    CLASS_NOT_FOUND,
    STUDENT_NOT_FOUND,
    NOT_CLASS_TEACHER,
    STUDENT_NOT_ENROLLED,
    NO_ACTIVE_SESSION
}
