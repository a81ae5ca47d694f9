package org.keyproject.people;

/**
 * A person as others see them (no credentials). username is null for contacts who do not log in;
 * email, where notices are sent, is null when unknown.
 */
public record UserAccount(long id, String username, String displayName, String title, String phone, Role role,
                          long regionId, String regionName, Long organizationId, String organizationName, boolean enabled,
                          String email) {
}
