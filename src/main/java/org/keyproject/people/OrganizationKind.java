package org.keyproject.people;

public enum OrganizationKind {
    DEPARTMENT, ENTERPRISE
}
