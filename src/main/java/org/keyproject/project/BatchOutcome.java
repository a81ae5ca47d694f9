package org.keyproject.project;

/** What a batch did with one row's project. */
public record BatchOutcome(int rowNo, long projectId, String code, String name, Kind kind) {

    public enum Kind {
        CREATED, UPDATED, UNCHANGED
    }
}
