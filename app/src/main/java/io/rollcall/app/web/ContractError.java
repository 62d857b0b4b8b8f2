package io.rollcall.app.web;

import io.rollcall.api.Rejection;
import org.springframework.http.HttpStatus;

/** The contract's HTTP errors, word for word. */
public enum ContractError {
    INVALID_SCHEMA(HttpStatus.BAD_REQUEST, "Invalid request schema"),
    EMAIL_EXISTS(HttpStatus.BAD_REQUEST, "Email already exists"),
    INVALID_CREDENTIALS(HttpStatus.BAD_REQUEST, "Invalid email or password"),
    NOT_CLASS_TEACHER(HttpStatus.FORBIDDEN, "Forbidden, not class teacher"),
    NOT_ENROLLED(HttpStatus.FORBIDDEN, "Forbidden, not enrolled in class"),
    CLASS_NOT_FOUND(HttpStatus.NOT_FOUND, "Class not found"),
    STUDENT_NOT_FOUND(HttpStatus.NOT_FOUND, "Student not found"),
    USER_NOT_FOUND(HttpStatus.NOT_FOUND, "User not found"),
    /** ext: history routes naming a session that is not one of the class's. */
    SESSION_NOT_FOUND(HttpStatus.NOT_FOUND, "Session not found"),
    NO_ACTIVE_SESSION(HttpStatus.BAD_REQUEST, "No active attendance session"),
    STUDENT_NOT_ENROLLED(HttpStatus.BAD_REQUEST, "Student not enrolled in class");

    private final HttpStatus status;
    private final String message;

    ContractError(HttpStatus status, String message) {
        this.status = status;
        this.message = message;
    }

    public HttpStatus status() {
        return status;
    }

    public String message() {
        return message;
    }

    public ContractException exception() {
        return new ContractException(this);
    }

    public static ContractError of(Rejection rejection) {
        return switch (rejection) {
            case EMAIL_ALREADY_EXISTS -> EMAIL_EXISTS;
            case CLASS_NOT_FOUND -> CLASS_NOT_FOUND;
            case STUDENT_NOT_FOUND -> STUDENT_NOT_FOUND;
            case NOT_CLASS_TEACHER -> NOT_CLASS_TEACHER;
            case STUDENT_NOT_ENROLLED -> STUDENT_NOT_ENROLLED;
            case NO_ACTIVE_SESSION -> NO_ACTIVE_SESSION;
        };
    }
}
