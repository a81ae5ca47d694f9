package org.keyproject.people;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The signed-in user as every request sees it; kept in the PostgreSQL-backed session. */
public final class CurrentUser implements UserDetails, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long id;
    private final String username;
    private final String displayName;
    private final Role role;
    private final long regionId;
    private final String regionPath;
    private final Long organizationId;
    private final boolean enabled;
    private final boolean locked;
    private String passwordHash;

    CurrentUser(long id, String username, String displayName, Role role, long regionId, String regionPath,
                Long organizationId, boolean enabled, boolean locked, String passwordHash) {
        this.id = id;
        this.username = username;
        this.displayName = displayName;
        this.role = role;
        this.regionId = regionId;
        this.regionPath = regionPath;
        this.organizationId = organizationId;
        this.enabled = enabled;
        this.locked = locked;
        this.passwordHash = passwordHash;
    }

    public long id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    public long regionId() {
        return regionId;
    }

    public Long organizationId() {
        return organizationId;
    }

    public DataScope scope() {
        return new DataScope(id, role, regionPath, organizationId);
    }

    public boolean is(Role r) {
        return role == r;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurrentUser other && other.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return username;
    }
}
