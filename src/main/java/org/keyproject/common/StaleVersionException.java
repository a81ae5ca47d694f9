package org.keyproject.common;

/** An update was based on a version somebody else has changed since: refused, never lost. */
public class StaleVersionException extends RuntimeException {

    private final long currentVersion;

    public StaleVersionException(String entity, Object id, long currentVersion) {
        super(entity + " " + id + " was changed by someone else (now at version " + currentVersion + ")");
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
