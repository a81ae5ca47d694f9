package org.keyproject.people;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The people module's public API: accounts, contacts and organisations. */
@Service
public class People {

    private static final String USER_SELECT = """
            SELECT u.id, u.username, u.display_name, u.title, u.phone, u.role, u.region_id, r.name AS region_name,
                   u.organization_id, o.name AS organization_name, u.enabled, u.email
            FROM app_user u JOIN region r ON r.id = u.region_id LEFT JOIN organization o ON o.id = u.organization_id
            """;
    private static final RowMapper<UserAccount> USER = (rs, i) -> new UserAccount(rs.getLong("id"),
            rs.getString("username"), rs.getString("display_name"), rs.getString("title"), rs.getString("phone"),
            Role.valueOf(rs.getString("role")), rs.getLong("region_id"), rs.getString("region_name"),
            (Long) rs.getObject("organization_id"), rs.getString("organization_name"), rs.getBoolean("enabled"),
            rs.getString("email"));
    private static final RowMapper<Organization> ORG = (rs, i) -> new Organization(rs.getLong("id"),
            OrganizationKind.valueOf(rs.getString("kind")), rs.getString("name"), rs.getString("short_name"),
            rs.getString("credit_code"), rs.getLong("region_id"), rs.getBoolean("contact_only"));

    private final JdbcClient jdbc;
    private final Regions regions;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;

    People(JdbcClient jdbc, Regions regions, PasswordEncoder encoder, AuditTrail audit) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.encoder = encoder;
        this.audit = audit;
    }

    public Optional<UserAccount> findUser(long id) {
        return jdbc.sql(USER_SELECT + " WHERE u.id = ?").param(id).query(USER).optional();
    }

    public UserAccount getUser(long id) {
        return findUser(id).orElseThrow(() -> new NotFoundException("user", id));
    }

    /** A person the caller may look at: someone whose region lies in the caller's subtree, or the caller. */
    public UserAccount getVisibleUser(long id, DataScope scope) {
        UserAccount user = getUser(id);
        Region region = regions.get(user.regionId());
        if (user.id() != scope.userId() && !scope.coversRegion(region.path())) {
            throw new NotFoundException("user", id);
        }
        return user;
    }

    /** People of a role whose region lies within the subtree at regionPath, for pickers. */
    public List<UserAccount> usersWithRole(Role role, String regionPath) {
        return jdbc.sql(USER_SELECT + " WHERE u.role = ? AND r.path LIKE ? AND u.enabled ORDER BY u.display_name LIMIT 500")
                .param(role.name()).param(regionPath + "%").query(USER).list();
    }

    public PageResult<UserAccount> listUsers(int page, int size) {
        long total = jdbc.sql("SELECT count(*) FROM app_user").query(Long.class).single();
        List<UserAccount> items = jdbc.sql(USER_SELECT + " ORDER BY u.id LIMIT ? OFFSET ?")
                .param(size).param((long) page * size).query(USER).list();
        return new PageResult<>(items, total, page, size);
    }

    /** Creates an account (administrators only) or a contact without login. */
    @Transactional
    public UserAccount createUser(NewUser input, CurrentUser by) {
        if (!by.is(Role.ADMIN)) {
            throw new ForbiddenException("error.forbidden");
        }
        regions.find(input.regionId()).orElseThrow(() -> new InvalidInputException("regionId", "error.notFound.region"));
        if (input.username() != null) {
            if (jdbc.sql("SELECT count(*) FROM app_user WHERE lower(username) = lower(?)").param(input.username()).query(Long.class).single() > 0) {
                throw new InvalidInputException("username", "error.user.usernameTaken", input.username());
            }
            if (input.password() == null) {
                throw new InvalidInputException("password", "error.user.passwordRequired");
            }
        }
        if (input.organizationId() != null && findOrganization(input.organizationId()).isEmpty()) {
            throw new InvalidInputException("organizationId", "error.notFound.organization");
        }
        if (input.role() == Role.ENTERPRISE && input.organizationId() == null) {
            throw new InvalidInputException("organizationId", "error.user.enterpriseNeedsOrganization");
        }
        long id = jdbc.sql("""
                INSERT INTO app_user (username, display_name, title, phone, password_hash, role, region_id, organization_id, email)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
                .params(input.username(), input.displayName().trim(), input.title(), input.phone(),
                        input.password() == null ? null : encoder.encode(input.password()),
                        input.role().name(), input.regionId(), input.organizationId(), input.email())
                .query(Long.class).single();
        return getUser(id);
    }

    /**
     * Sets or removes (null) the e-mail address notices are sent to: a person their own, an
     * administrator anyone's. Audited (entity app_user).
     */
    @Transactional
    public UserAccount changeEmail(long userId, String email, CurrentUser by) {
        if (userId != by.id() && !by.is(Role.ADMIN)) {
            throw new ForbiddenException("error.forbidden");
        }
        getUser(userId);
        String snapshot = "SELECT CAST(jsonb_build_object('email', email) AS TEXT) FROM app_user WHERE id = ?";
        String before = jdbc.sql(snapshot).param(userId).query(String.class).single();
        jdbc.sql("UPDATE app_user SET email = ? WHERE id = ?").params(email, userId).update();
        audit.record("app_user", userId, "UPDATE", before, jdbc.sql(snapshot).param(userId).query(String.class).single(),
                by.id(), by.displayName());
        return getUser(userId);
    }

    /**
     * Finds a person by display name within a subtree, or with createMissing adds them as a contact
     * (no login) on the given region; empty when unknown and not to be created.
     */
    @Transactional
    public Optional<UserAccount> findOrCreateContact(String displayName, Role role, long regionId, boolean createMissing) {
        String name = displayName.trim();
        Long id = contactIdsByName(List.of(name), role, regionId).get(name);
        if (id == null && createMissing) {
            id = createContacts(List.of(name), role, regionId).get(name);
        }
        return id == null ? Optional.empty() : findUser(id);
    }

    /**
     * People by display name, in one query: anyone of that name in the tree that regionId belongs to,
     * someone of the wanted role first, then the oldest. Names not found are absent from the map.
     */
    public Map<String, Long> contactIdsByName(Collection<String> names, Role role, long regionId) {
        Map<String, Long> found = new HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT ON (u.display_name) u.display_name, u.id FROM app_user u JOIN region r ON r.id = u.region_id
                WHERE u.display_name = ANY (:names) AND r.path LIKE :tree
                ORDER BY u.display_name, (u.role = :role) DESC, u.id
                """).param("names", names.toArray(String[]::new)).param("tree", regions.ancestry(regionId).get(0).path() + "%")
                .param("role", role.name())
                .query(rs -> {
                    found.put(rs.getString(1), rs.getLong(2));
                });
        return found;
    }

    /** Adds contacts (people who do not log in) of a role on a region, one per name; their ids by name. */
    @Transactional
    public Map<String, Long> createContacts(Collection<String> names, Role role, long regionId) {
        Map<String, Long> created = new HashMap<>();
        jdbc.sql("""
                INSERT INTO app_user (display_name, role, region_id)
                SELECT n, :role, :region FROM unnest(CAST(:names AS text[])) n RETURNING display_name, id
                """).param("names", names.stream().distinct().toArray(String[]::new)).param("role", role.name())
                .param("region", regionId)
                .query(rs -> {
                    created.put(rs.getString(1), rs.getLong(2));
                });
        return created;
    }

    public Optional<Organization> findOrganization(long id) {
        return jdbc.sql("SELECT * FROM organization WHERE id = ?").param(id).query(ORG).optional();
    }

    public Organization getOrganization(long id) {
        return findOrganization(id).orElseThrow(() -> new NotFoundException("organization", id));
    }

    /** By full name, else by short name when exactly one organisation has it. */
    public Optional<Organization> findOrganizationByName(OrganizationKind kind, String name) {
        Long id = organizationIdsByName(kind, List.of(name.trim())).get(name.trim());
        return id == null ? Optional.empty() : findOrganization(id);
    }

    /**
     * Organisations of a kind by name, in one query: a full name wins, else a short name that exactly
     * one organisation has. Names not found are absent from the map.
     */
    public Map<String, Long> organizationIdsByName(OrganizationKind kind, Collection<String> names) {
        Map<String, Long> found = new HashMap<>();
        jdbc.sql("""
                SELECT n.name, coalesce(full_name.id, short_name.id)
                FROM unnest(CAST(:names AS text[])) n (name)
                LEFT JOIN (SELECT o.name, min(o.id) AS id FROM organization o
                           WHERE o.kind = :kind AND o.name = ANY (CAST(:names AS text[])) GROUP BY o.name) full_name
                       ON full_name.name = n.name
                LEFT JOIN (SELECT o.short_name, min(o.id) AS id FROM organization o
                           WHERE o.kind = :kind AND o.short_name = ANY (CAST(:names AS text[]))
                           GROUP BY o.short_name HAVING count(*) = 1) short_name
                       ON short_name.short_name = n.name
                """).param("kind", kind.name()).param("names", names.stream().distinct().toArray(String[]::new))
                .query(rs -> {
                    long id = rs.getLong(2);
                    if (!rs.wasNull()) {
                        found.put(rs.getString(1), id);
                    }
                });
        return found;
    }

    /** An organisation by name, created (as a contact-only entry when asked to) if it is new. */
    @Transactional
    public Organization findOrCreateOrganization(OrganizationKind kind, String name, long regionId, boolean contactOnly) {
        return findOrganizationByName(kind, name).orElseGet(() ->
                getOrganization(createOrganizations(kind, Map.of(name.trim(), regionId), contactOnly).get(name.trim())));
    }

    /** Adds organisations of a kind, each on its region, skipping names that exist; the new ones' ids by name. */
    @Transactional
    public Map<String, Long> createOrganizations(OrganizationKind kind, Map<String, Long> regionByName, boolean contactOnly) {
        Map<String, Long> created = new HashMap<>();
        List<String> names = List.copyOf(regionByName.keySet());
        jdbc.sql("""
                INSERT INTO organization (kind, name, region_id, contact_only)
                SELECT :kind, n, r, :contactOnly FROM unnest(CAST(:names AS text[]), CAST(:regions AS bigint[])) x (n, r)
                ON CONFLICT (kind, name) DO NOTHING RETURNING name, id
                """).param("kind", kind.name()).param("names", names.toArray(String[]::new))
                .param("regions", names.stream().map(regionByName::get).toArray(Long[]::new)).param("contactOnly", contactOnly)
                .query(rs -> {
                    created.put(rs.getString(1), rs.getLong(2));
                });
        return created;
    }

    /** Organisations of a kind whose region lies within the subtree at regionPath, for pickers. */
    public List<Organization> organizations(OrganizationKind kind, String regionPath, int limit) {
        return jdbc.sql("SELECT o.* FROM organization o JOIN region r ON r.id = o.region_id WHERE o.kind = ? AND r.path LIKE ? ORDER BY o.name LIMIT ?")
                .param(kind.name()).param(regionPath + "%").param(limit).query(ORG).list();
    }

}
