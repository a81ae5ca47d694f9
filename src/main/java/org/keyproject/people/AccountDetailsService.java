package org.keyproject.people;

import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads accounts for form login and HTTP Basic; a throttled account comes back locked. */
@Service
class AccountDetailsService implements UserDetailsService {

    private final JdbcClient jdbc;
    private final LoginThrottle throttle;

    AccountDetailsService(JdbcClient jdbc, LoginThrottle throttle) {
        this.jdbc = jdbc;
        this.throttle = throttle;
    }

    @Override
    public CurrentUser loadUserByUsername(String username) {
        boolean locked = throttle.isLocked(username);
        return load("lower(u.username) = lower(?)", username, locked)
                .orElseThrow(() -> new UsernameNotFoundException(username));
    }

    Optional<CurrentUser> loadById(long id) {
        return load("u.id = ?", id, false);
    }

    private Optional<CurrentUser> load(String condition, Object value, boolean locked) {
        RowMapper<CurrentUser> row = (rs, i) -> new CurrentUser(rs.getLong("id"), rs.getString("username"),
                rs.getString("display_name"), Role.valueOf(rs.getString("role")), rs.getLong("region_id"),
                rs.getString("path"), (Long) rs.getObject("organization_id"), rs.getBoolean("enabled"), locked,
                rs.getString("password_hash"));
        return jdbc.sql("""
                SELECT u.id, u.username, u.display_name, u.role, u.region_id, r.path, u.organization_id, u.enabled, u.password_hash
                FROM app_user u JOIN region r ON r.id = u.region_id
                WHERE u.username IS NOT NULL AND\s""" + condition)
                .param(value).query(row).optional();
    }
}
