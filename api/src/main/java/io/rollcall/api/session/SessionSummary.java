package io.rollcall.api.session;

public record SessionSummary(int present, int absent) {

    public int total() {
        return present + absent;
    }
}
