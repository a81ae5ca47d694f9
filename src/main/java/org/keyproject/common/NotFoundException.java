package org.keyproject.common;

/**
 * The thing does not exist, or lies outside the caller's data scope: both answer alike, so that
 * a user cannot probe for another county's projects.
 */
public class NotFoundException extends RuntimeException {

    private final String entity;
    private final Object id;

    public NotFoundException(String entity, Object id) {
        super(entity + " " + id + " not found");
        this.entity = entity;
        this.id = id;
    }

    public String entity() {
        return entity;
    }

    public Object id() {
        return id;
    }
}
