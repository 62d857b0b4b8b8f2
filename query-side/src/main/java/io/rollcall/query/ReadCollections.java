package io.rollcall.query;

/**
 * Names of the read collections: the contract's stored shape, the live session view, and the per-class and
 * per-student keyed documents that let every history read be answered by {@code _id} lookups.
 */
public final class ReadCollections {

    public static final String USERS = "users";
    public static final String CLASSES = "classes";
    public static final String SESSIONS = "sessions";
    public static final String ATTENDANCE = "attendance";
    public static final String AUDIT = "audit";
    public static final String ANALYTICS_SESSIONS = "analytics_sessions";
    /** Per class: its sessions with their start (sessions projection). */
    public static final String CLASS_SESSIONS = "class_sessions";
    /** Per class: its finalized sessions with their end (attendance projection). */
    public static final String CLASS_FINALIZED_SESSIONS = "class_finalized_sessions";
    /** Per class: its finalized sessions with their end (analytics projection). */
    public static final String ANALYTICS_CLASSES = "analytics_classes";
    /** Per class: the position of its newest audit entry. */
    public static final String AUDIT_HEADS = "audit_heads";
    /** Per class and student, and per class and session: the positions of their audit entries. */
    public static final String AUDIT_POSITIONS = "audit_positions";
    /** Per user: the classes they teach or are enrolled in (classes projection). */
    public static final String USER_CLASSES = "user_classes";
    /** Written by the command side; the users view copies the hash to keep the familiar users shape. */
    public static final String CREDENTIALS = "credentials";

    private ReadCollections() {
    }
}
