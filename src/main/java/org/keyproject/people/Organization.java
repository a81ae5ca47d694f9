package org.keyproject.people;

/** A department (责任单位) or an enterprise (建设单位). */
public record Organization(long id, OrganizationKind kind, String name, String shortName, String creditCode,
                           long regionId, boolean contactOnly) {
}
