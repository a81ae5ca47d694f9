package org.keyproject.people;

import java.util.HashMap;
import java.util.Map;

/**
 * What a user may see: the projects of a region subtree plus those assigned to them (a department
 * handler: also the projects of the problems assigned to its department); an enterprise sees only
 * its own projects. Every query that lists or reads projects adds
 * {@link #projectCondition(String)} and binds {@link #params()}: scope is enforced in SQL, for pages,
 * API, search and export alike.
 */
public record DataScope(long userId, Role role, String regionPath, Long organizationId) {

    /** An SQL boolean on the project table aliased {@code p}, using :scopeUser, :scopePath, :scopeOrg. */
    public String projectCondition(String p) {
        if (role == Role.ADMIN) {
            return "TRUE";
        }
        if (role == Role.ENTERPRISE) {
            return p + ".owner_id = :scopeOrg";
        }
        if (isRootPath(regionPath)) {
            return "TRUE"; // the root region's subtree is every project: no condition to evaluate per row
        }
        String assigned = p + ".leader_id = :scopeUser OR " + p + ".commissioner_id = :scopeUser";
        if (role == Role.DEPARTMENT && organizationId != null) {
            // the projects the department is responsible for, and those of the problems assigned to it (问题闭环)
            assigned += " OR " + p + ".department_id = :scopeOrg OR " + p + ".id IN (SELECT sp.project_id FROM problem sp WHERE sp.department_id = :scopeOrg)";
        }
        return "(" + p + ".region_id IN (SELECT sr.id FROM region sr WHERE sr.path LIKE :scopePath) OR " + assigned + ")";
    }

    /** "/1/" is the root of the tree (there is only one root). */
    private static boolean isRootPath(String path) {
        return path != null && path.indexOf('/', 1) == path.length() - 1;
    }

    public Map<String, Object> params() {
        Map<String, Object> params = new HashMap<>();
        params.put("scopeUser", userId);
        params.put("scopePath", regionPath + "%");
        params.put("scopeOrg", organizationId == null ? -1L : organizationId);
        return params;
    }

    /** Whether a region (by its path) lies inside this user's region subtree. */
    public boolean coversRegion(String path) {
        return role == Role.ADMIN || (role != Role.ENTERPRISE && path.startsWith(regionPath));
    }

    /** Who may create projects and change their master data (inside their scope). */
    public boolean maintainsLibrary() {
        return role == Role.ADMIN || role == Role.COORDINATOR;
    }

    /** Who may edit a project they can see: maintainers, and the commissioner assigned to it. */
    public boolean mayEdit(Long commissionerId) {
        return maintainsLibrary() || (role == Role.COMMISSIONER && commissionerId != null && commissionerId == userId);
    }
}
