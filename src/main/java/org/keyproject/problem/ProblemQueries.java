package org.keyproject.problem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.people.DataScope;
import org.keyproject.people.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading problems, always within the caller's scope: a department handler sees the problems assigned
 * to its department, everyone else the problems of the projects in their data scope. A problem outside
 * it is not found.
 */
@Service
@Transactional(readOnly = true)
class ProblemQueries {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_PAGE_SIZE = 200;

    /** Working days past the deadline while the department owes the answer, as of :today; 0 otherwise. */
    static final String OVERDUE = """
            CASE WHEN pb.state IN ('ASSIGNED', 'IN_PROGRESS') AND pb.deadline < CAST(:today AS DATE)
                 THEN greatest(working_days_between(pb.deadline, CAST(:today AS DATE)), 0) ELSE 0 END""";

    /** The list's order: unassigned first, then by deadline, the newest first among equals. */
    private static final String ORDER = "pb.deadline NULLS FIRST, pb.id DESC";

    /**
     * The same as {@code OVERDUE > 0}, as a condition the index (state, deadline) serves: at least one
     * working day lies after the deadline up to :today exactly when the deadline is before the last
     * working day on or before :today (found once per query, among the 40 days before: no break is
     * that long). Calling working_days_between on every row took seconds at 100,000 problems.
     */
    static final String IS_OVERDUE = """
            (pb.state IN ('ASSIGNED', 'IN_PROGRESS') AND pb.deadline < (
                SELECT max(CAST(g.d AS date)) FROM generate_series(CAST(:today AS date) - 40, CAST(:today AS date), INTERVAL '1 day') g (d)
                WHERE is_working_day(CAST(g.d AS date))))""";

    private static final String SELECT = """
            SELECT pb.*, p.name AS project_name, r.name AS region_name, d.name AS department_name,
                   ru.display_name AS raised_by_name, %s AS overdue
            FROM problem pb
            JOIN project p ON p.id = pb.project_id
            JOIN region r ON r.id = pb.region_id
            JOIN app_user ru ON ru.id = pb.raised_by
            LEFT JOIN organization d ON d.id = pb.department_id
            """.formatted(OVERDUE);

    private static final RowMapper<Problem> PROBLEM = (rs, i) -> new Problem(rs.getLong("id"), rs.getLong("project_id"),
            rs.getString("project_name"), rs.getLong("region_id"), rs.getString("region_name"), rs.getLong("raised_by"),
            rs.getString("raised_by_name"), rs.getString("raised_role"), rs.getObject("raised_at", OffsetDateTime.class),
            ProblemCategory.valueOf(rs.getString("category")), rs.getString("title"), rs.getString("description"),
            ProblemState.valueOf(rs.getString("state")), (Long) rs.getObject("department_id"),
            rs.getString("department_name"), rs.getObject("deadline", LocalDate.class),
            (Integer) rs.getObject("deadline_days"), rs.getInt("overdue"), rs.getString("answer"),
            rs.getBoolean("direct_line"), rs.getObject("escalated_at", OffsetDateTime.class), rs.getBoolean("listed"),
            rs.getObject("listed_at", OffsetDateTime.class), rs.getString("source"),
            (Long) rs.getObject("source_report_id"), candidate(rs), rs.getObject("closed_at", OffsetDateTime.class),
            rs.getInt("version"), List.of(), List.of());

    private static final RowMapper<ProblemRow> ROW = (rs, i) -> new ProblemRow(rs.getLong("id"), rs.getLong("project_id"),
            rs.getString("project_name"), rs.getLong("region_id"), rs.getString("region_name"), rs.getString("title"),
            ProblemCategory.valueOf(rs.getString("category")), ProblemState.valueOf(rs.getString("state")),
            (Long) rs.getObject("department_id"), rs.getString("department_name"),
            rs.getObject("deadline", LocalDate.class), rs.getInt("overdue"), rs.getBoolean("listed"),
            rs.getBoolean("direct_line"), rs.getObject("escalated_at") != null, candidate(rs),
            rs.getObject("raised_at", OffsetDateTime.class), rs.getInt("version"));

    private final JdbcClient jdbc;
    private final JdbcClient streaming;

    ProblemQueries(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(500); // PostgreSQL streams with a cursor inside a transaction
        this.streaming = JdbcClient.create(fetching);
    }

    /**
     * The problems a user sees, as an SQL condition on problem pb joined with its project p: a department
     * handler those assigned to its department, everyone else those of the projects in scope.
     */
    static String scopeCondition(DataScope scope) {
        return scope.role() == Role.DEPARTMENT ? "pb.department_id = :scopeOrg" : scope.projectCondition("p");
    }

    /** One page of the filtered list, most urgent first: unassigned ones, then by deadline. */
    PageResult<ProblemRow> list(ProblemFilter filter, DataScope scope, int page, int size) {
        int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
        int pageNo = Math.max(page, 0);
        Map<String, Object> params = new HashMap<>(scope.params());
        String where = where(filter, scope, params);
        // the count needs the project only for a scope on projects (a region's subtree, an enterprise's own)
        String counted = needsProject(scope) ? "problem pb JOIN project p ON p.id = pb.project_id" : "problem pb";
        long total = jdbc.sql("SELECT count(*) FROM " + counted + " WHERE " + where)
                .params(params).query(Long.class).single();
        List<ProblemRow> items = total == 0 ? List.of() : jdbc.sql(SELECT + " WHERE " + where
                        + " ORDER BY " + ORDER + " LIMIT :limit OFFSET :offset")
                .params(params).param("limit", pageSize).param("offset", (long) pageNo * pageSize)
                .query(ROW).list();
        return new PageResult<>(items, total, pageNo, pageSize);
    }

    /** Every problem of the filtered list in list order, one at a time without holding them all (清单制 export). */
    void forEach(ProblemFilter filter, DataScope scope, Consumer<Problem> action) {
        Map<String, Object> params = new HashMap<>(scope.params());
        String where = where(filter, scope, params);
        try (Stream<Problem> rows = streaming.sql(SELECT + " WHERE " + where + " ORDER BY " + ORDER).params(params)
                .query(PROBLEM).stream()) {
            rows.forEach(action);
        }
    }

    /** Whether the scope condition reads the project: not for a department (its problems) nor for the whole city. */
    private static boolean needsProject(DataScope scope) {
        return scope.role() != Role.DEPARTMENT && !"TRUE".equals(scope.projectCondition("p"));
    }

    Problem get(long id, DataScope scope) {
        return find(id, scope).orElseThrow(() -> new NotFoundException("problem", id));
    }

    /** The problem with its steps and attachments, when the caller sees it. */
    Optional<Problem> find(long id, DataScope scope) {
        return jdbc.sql(SELECT + " WHERE pb.id = :id AND " + scopeCondition(scope))
                .params(scope.params()).param("id", id).param("today", today())
                .query(PROBLEM).optional()
                .map(p -> p.withDetails(steps(id), attachments(id)));
    }

    List<Problem.Step> steps(long problemId) {
        return jdbc.sql("""
                SELECT s.*, u.display_name AS actor_name, d.name AS department_name
                FROM problem_step s
                LEFT JOIN app_user u ON u.id = s.actor_id
                LEFT JOIN organization d ON d.id = s.department_id
                WHERE s.problem_id = ? ORDER BY s.id
                """).param(problemId)
                .query((rs, i) -> new Problem.Step(rs.getLong("id"), rs.getString("action"), state(rs, "from_state"),
                        state(rs, "to_state"), (Long) rs.getObject("actor_id"), rs.getString("actor_name"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("text"), (Long) rs.getObject("department_id"),
                        rs.getString("department_name"), rs.getObject("deadline_before", LocalDate.class),
                        rs.getObject("deadline_after", LocalDate.class)))
                .list();
    }

    List<Problem.Attachment> attachments(long problemId) {
        return jdbc.sql("""
                SELECT id, content_type, size, filename, uploaded_by, uploaded_at FROM problem_attachment
                WHERE problem_id = ? ORDER BY id
                """).param(problemId)
                .query((rs, i) -> new Problem.Attachment(rs.getLong("id"), rs.getString("content_type"), rs.getInt("size"),
                        rs.getString("filename"), (Long) rs.getObject("uploaded_by"),
                        rs.getObject("uploaded_at", OffsetDateTime.class)))
                .list();
    }

    /** The default deadline of each category, in working days. */
    Map<ProblemCategory, Integer> categoryDeadlines() {
        Map<ProblemCategory, Integer> days = new java.util.EnumMap<>(ProblemCategory.class);
        jdbc.sql("SELECT category, working_days FROM problem_category_deadline")
                .query(rs -> {
                    days.put(ProblemCategory.valueOf(rs.getString(1)), rs.getInt(2));
                });
        return days;
    }

    static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    private static String where(ProblemFilter f, DataScope scope, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder(scopeCondition(scope));
        params.put("today", today());
        if (f.state() != null && !f.state().isEmpty()) {
            sql.append(" AND pb.state IN (:states)");
            params.put("states", f.state().stream().map(Enum::name).toList());
        }
        if (f.departmentId() != null) {
            sql.append(" AND pb.department_id = :department");
            params.put("department", f.departmentId());
        }
        if (f.regionId() != null) {
            sql.append(" AND pb.region_id IN (SELECT fr.id FROM region fr WHERE fr.path LIKE "
                    + "(SELECT tr.path FROM region tr WHERE tr.id = :region) || '%')");
            params.put("region", f.regionId());
        }
        if (f.category() != null) {
            sql.append(" AND pb.category = :category");
            params.put("category", f.category().name());
        }
        if (f.overdue() != null) {
            sql.append(f.overdue() ? " AND " : " AND NOT ").append(IS_OVERDUE);
        }
        if (f.listed() != null) {
            sql.append(f.listed() ? " AND pb.listed" : " AND NOT pb.listed");
        }
        if (f.projectId() != null) {
            sql.append(" AND pb.project_id = :project");
            params.put("project", f.projectId());
        }
        if (f.candidate() != null) {
            sql.append(f.candidate() ? " AND " : " AND NOT ").append("(pb.source = 'REPORT' AND pb.state = 'RAISED')");
        }
        return sql.toString();
    }

    private static boolean candidate(ResultSet rs) throws SQLException {
        return "REPORT".equals(rs.getString("source")) && "RAISED".equals(rs.getString("state"));
    }

    private static ProblemState state(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : ProblemState.valueOf(s);
    }
}
