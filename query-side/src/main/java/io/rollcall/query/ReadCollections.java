package io.rollcall.query;

/** Names of the read collections: the contract's stored shape plus the live session view. */
public final class ReadCollections {

    public static final String USERS = "users";
    public static final String CLASSES = "classes";
    public static final String SESSIONS = "sessions";
    public static final String ATTENDANCE = "attendance";
    public static final String AUDIT = "audit";
    public static final String ANALYTICS_SESSIONS = "analytics_sessions";
    /** Written by the command side; the users view copies the hash to keep the familiar users shape. */
    public static final String CREDENTIALS = "credentials";

    private ReadCollections() {
    }
}
