package org.keyproject.project;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.people.DataScope;
import org.keyproject.region.Regions;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading the library. Every query carries the caller's data scope in its WHERE clause: a project
 * outside it is not found, not listed, not counted, not exported.
 */
@Service
@Transactional(readOnly = true)
public class ProjectQueries {

    public static final int MAX_PAGE_SIZE = 200;

    private static final Map<String, String> SORTS = Map.of(
            "updated", "p.updated_at", "name", "p.name", "code", "p.code", "investment", "p.total_investment",
            "region", "r.name", "stage", "p.stage", "plannedStart", "p.planned_start_date");

    private static final String ROW_COLUMNS = """
            p.id, p.code, p.name, p.owner_id, o.name AS owner_name, p.region_id, r.name AS region_name, p.stage,
            p.nature, p.category, p.tier, p.total_investment, p.leader_id, lu.display_name AS leader_name,
            p.commissioner_id, cu.display_name AS commissioner_name, p.planned_start_date, p.actual_start_date
            """;
    private static final String ROW_FROM = """
            FROM project p
            JOIN organization o ON o.id = p.owner_id
            JOIN region r ON r.id = p.region_id
            LEFT JOIN app_user lu ON lu.id = p.leader_id
            LEFT JOIN app_user cu ON cu.id = p.commissioner_id
            """;

    static final RowMapper<ProjectRow> ROW = (rs, i) -> new ProjectRow(rs.getLong("id"), rs.getString("code"),
            rs.getString("name"), rs.getLong("owner_id"), rs.getString("owner_name"), rs.getLong("region_id"),
            rs.getString("region_name"), Stage.valueOf(rs.getString("stage")), Nature.valueOf(rs.getString("nature")),
            Category.valueOf(rs.getString("category")), Tier.valueOf(rs.getString("tier")),
            rs.getBigDecimal("total_investment"), (Long) rs.getObject("leader_id"), rs.getString("leader_name"),
            (Long) rs.getObject("commissioner_id"), rs.getString("commissioner_name"),
            rs.getObject("planned_start_date", java.time.LocalDate.class),
            rs.getObject("actual_start_date", java.time.LocalDate.class));

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final Regions regions;

    ProjectQueries(JdbcClient jdbc, javax.sql.DataSource dataSource, Regions regions) {
        this.jdbc = jdbc;
        org.springframework.jdbc.core.JdbcTemplate fetching = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        fetching.setFetchSize(500); // PostgreSQL streams with a cursor inside a transaction
        this.streaming = JdbcClient.create(fetching);
        this.regions = regions;
    }

    /** One page of the filtered list, with the total count of the whole filtered list. */
    public PageResult<ProjectRow> list(ProjectFilter filter, DataScope scope, int page, int size) {
        int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
        int pageNo = Math.max(page, 0);
        Where where = where(filter, scope);
        long total = jdbc.sql("SELECT count(*) FROM project p WHERE " + where.sql).params(where.params).query(Long.class).single();
        List<ProjectRow> items = total == 0 ? List.of() : jdbc.sql("SELECT " + ROW_COLUMNS + ROW_FROM + " WHERE " + where.sql
                        + " ORDER BY " + orderBy(filter) + " LIMIT :limit OFFSET :offset")
                .params(where.params).param("limit", pageSize).param("offset", (long) pageNo * pageSize)
                .query(ROW).list();
        return new PageResult<>(items, total, pageNo, pageSize);
    }

    /** How many projects of the filtered list are at each stage (stages without projects are left out). */
    public Map<Stage, Long> countByStage(ProjectFilter filter, DataScope scope) {
        Where where = where(filter, scope);
        Map<Stage, Long> counts = new java.util.EnumMap<>(Stage.class);
        jdbc.sql("SELECT p.stage, count(*) FROM project p WHERE " + where.sql + " GROUP BY p.stage")
                .params(where.params).query(rs -> {
                    counts.put(Stage.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return counts;
    }

    /**
     * For every current region of the subtree at regionPath, how many projects in scope lie in that
     * region's own subtree (regions without projects are left out).
     */
    public Map<Long, Long> countBySubtree(String regionPath, DataScope scope) {
        Map<Long, Long> counts = new HashMap<>();
        jdbc.sql("""
                SELECT r.id, count(p.id)
                FROM region r
                JOIN region pr ON pr.path LIKE r.path || '%'
                JOIN project p ON p.region_id = pr.id
                WHERE r.path LIKE :treePath AND r.valid_to IS NULL AND """ + " " + scope.projectCondition("p") + " GROUP BY r.id")
                .params(scope.params()).param("treePath", escapeLike(regionPath) + "%").query(rs -> {
                    counts.put(rs.getLong(1), rs.getLong(2));
                });
        return counts;
    }

    /** Every project of the filtered list in list order, row by row without holding them all (for exports). */
    public void forEach(ProjectFilter filter, DataScope scope, Consumer<ProjectDetails> action) {
        Where where = where(filter, scope);
        try (Stream<ProjectDetails> rows = streaming.sql(DETAILS_SELECT + " WHERE " + where.sql + " ORDER BY " + orderBy(filter))
                .params(where.params).query(DETAILS).stream()) {
            rows.forEach(action);
        }
    }

    public ProjectDetails get(long id, DataScope scope) {
        return find(id, scope).orElseThrow(() -> new NotFoundException("project", id));
    }

    public Optional<ProjectDetails> find(long id, DataScope scope) {
        return jdbc.sql(DETAILS_SELECT + " WHERE p.id = :id AND " + scope.projectCondition("p"))
                .params(scope.params()).param("id", id).query(DETAILS).optional();
    }

    /** Finds a project by code, or else by name and owner name, within the scope. */
    public Optional<ProjectDetails> match(String code, String name, String ownerName, DataScope scope) {
        if (code != null && !code.isBlank()) {
            Optional<ProjectDetails> byCode = jdbc.sql(DETAILS_SELECT + " WHERE p.code = :code AND " + scope.projectCondition("p"))
                    .params(scope.params()).param("code", code.trim()).query(DETAILS).optional();
            if (byCode.isPresent()) {
                return byCode;
            }
        }
        if (name == null || name.isBlank() || ownerName == null || ownerName.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql(DETAILS_SELECT + " WHERE p.name = :name AND o.name = :owner AND " + scope.projectCondition("p") + " ORDER BY p.id LIMIT 1")
                .params(scope.params()).param("name", name.trim()).param("owner", ownerName.trim()).query(DETAILS).optional();
    }

    public List<StageChange> stageHistory(long projectId) {
        return jdbc.sql("""
                SELECT c.id, c.from_stage, c.to_stage, c.effective_on, c.recorded_at, c.recorded_by, u.display_name, c.note
                FROM project_stage_change c LEFT JOIN app_user u ON u.id = c.recorded_by
                WHERE c.project_id = ? ORDER BY c.effective_on, c.id
                """).param(projectId).query((rs, i) -> new StageChange(rs.getLong(1),
                        rs.getString(2) == null ? null : Stage.valueOf(rs.getString(2)), Stage.valueOf(rs.getString(3)),
                        rs.getObject(4, java.time.LocalDate.class), rs.getObject(5, java.time.OffsetDateTime.class),
                        (Long) rs.getObject(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    public List<ListEntry> listEntries(long projectId) {
        return jdbc.sql(ENTRY_SELECT + " WHERE e.project_id = ? ORDER BY e.year DESC, l.level, l.batch")
                .param(projectId).query(ENTRY).list();
    }

    public List<StartBatch> startBatchesOf(long projectId, DataScope scope) {
        return jdbc.sql(batchSelect(scope) + " WHERE b.id IN (SELECT batch_id FROM start_batch_project WHERE project_id = :project) GROUP BY b.id, r.name ORDER BY b.held_on DESC")
                .params(scope.params()).param("project", projectId).query(BATCH).list();
    }

    /** Sub-projects of a package (打包项目), within the scope. */
    public List<ProjectRow> packageParts(long packageId, DataScope scope) {
        return jdbc.sql("SELECT " + ROW_COLUMNS + ROW_FROM + " WHERE p.package_id = :pkg AND " + scope.projectCondition("p") + " ORDER BY p.code")
                .params(scope.params()).param("pkg", packageId).query(ROW).list();
    }

    /** Annual lists, with how many of their projects lie in the caller's scope. */
    public List<AnnualList> annualLists(Integer year, DataScope scope) {
        return annualListsWhere("(CAST(:year AS INT) IS NULL OR l.year = :year)", Map.of(), year, scope);
    }

    public Optional<AnnualList> annualList(long id, DataScope scope) {
        return annualListsWhere("l.id = :id", Map.of("id", id), null, scope).stream().findFirst();
    }

    private List<AnnualList> annualListsWhere(String condition, Map<String, Object> params, Integer year, DataScope scope) {
        return jdbc.sql("""
                SELECT l.id, l.year, l.level, l.region_id, r.name AS region_name, l.batch, l.name, l.published_on,
                       (SELECT count(*) FROM annual_list_entry e JOIN project p ON p.id = e.project_id
                        WHERE e.list_id = l.id AND\s""" + scope.projectCondition("p") + """
                       ) AS projects
                FROM annual_list l JOIN region r ON r.id = l.region_id
                WHERE\s""" + condition + """

                ORDER BY l.year DESC, l.level, r.path, l.batch
                """).params(scope.params()).params(params).param("year", year).query(LIST).list();
    }

    /** Years that have lists, newest first, for the year filter. */
    public List<Integer> listYears() {
        return jdbc.sql("SELECT DISTINCT year FROM annual_list ORDER BY year DESC").query(Integer.class).list();
    }

    /** Start events, with the count and investment of their projects in the caller's scope. */
    public List<StartBatch> startBatches(DataScope scope) {
        return jdbc.sql(batchSelect(scope) + " GROUP BY b.id, r.name ORDER BY b.held_on DESC")
                .params(scope.params()).query(BATCH).list();
    }

    public List<Industry> industries() {
        return jdbc.sql("SELECT id, name FROM industry ORDER BY sort_order, name").query((rs, i) -> new Industry(rs.getLong(1), rs.getString(2))).list();
    }

    public Optional<Industry> industryByName(String name) {
        return jdbc.sql("SELECT id, name FROM industry WHERE name = ?").param(name.trim())
                .query((rs, i) -> new Industry(rs.getLong(1), rs.getString(2))).optional();
    }

    public record Industry(long id, String name) {
    }

    private record Where(String sql, Map<String, Object> params) {
    }

    private Where where(ProjectFilter f, DataScope scope) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>(scope.params());
        conditions.add(scope.projectCondition("p"));
        if (f.regionId() != null) {
            conditions.add("p.region_id IN (SELECT fr.id FROM region fr WHERE fr.path LIKE :regionPath)");
            params.put("regionPath", regions.find(f.regionId()).map(r -> r.path()).orElse("/none/") + "%");
        }
        if (f.stage() != null && !f.stage().isEmpty()) {
            conditions.add("p.stage IN (:stages)");
            params.put("stages", f.stage().stream().map(Enum::name).toList());
        }
        add(conditions, params, "p.nature = :nature", "nature", f.nature() == null ? null : f.nature().name());
        add(conditions, params, "p.category = :category", "category", f.category() == null ? null : f.category().name());
        add(conditions, params, "p.tier = :tier", "tier", f.tier() == null ? null : f.tier().name());
        add(conditions, params, "p.industry_id = :industry", "industry", f.industryId());
        add(conditions, params, "p.leader_id = :leader", "leader", f.leaderId());
        add(conditions, params, "p.commissioner_id = :commissioner", "commissioner", f.commissionerId());
        add(conditions, params, "p.department_id = :department", "department", f.departmentId());
        add(conditions, params, "p.owner_id = :owner", "owner", f.ownerId());
        add(conditions, params, "p.total_investment >= :minInv", "minInv", f.minInvestment());
        add(conditions, params, "p.total_investment <= :maxInv", "maxInv", f.maxInvestment());
        if (f.listYear() != null) {
            String level = f.listLevel() == null ? "" : " AND e.level = :listLevel";
            conditions.add("EXISTS (SELECT 1 FROM annual_list_entry e WHERE e.project_id = p.id AND e.year = :listYear" + level + ")");
            params.put("listYear", f.listYear());
            if (f.listLevel() != null) {
                params.put("listLevel", f.listLevel().name());
            }
        }
        if (f.q() != null && !f.q().isBlank()) {
            // owners as an array, so each of the three matches can use its trigram index (a bitmap OR)
            conditions.add("(p.name ILIKE :q OR p.code ILIKE :q OR p.owner_id = ANY (ARRAY(SELECT so.id FROM organization so WHERE so.name ILIKE :q)))");
            params.put("q", "%" + escapeLike(f.q().trim()) + "%");
        }
        return new Where(String.join(" AND ", conditions), params);
    }

    private static void add(List<String> conditions, Map<String, Object> params, String sql, String name, Object value) {
        if (value != null) {
            conditions.add(sql);
            params.put(name, value instanceof BigDecimal || value instanceof Number ? value : value.toString());
        }
    }

    private static String orderBy(ProjectFilter f) {
        String column = SORTS.getOrDefault(f.sort() == null ? "updated" : f.sort(), "p.updated_at");
        boolean asc = f.dir() == null ? !column.equals("p.updated_at") && !column.equals("p.total_investment") : f.dir().equalsIgnoreCase("asc");
        String direction = asc ? " ASC" : " DESC";
        // NULLS LAST only where a column can be null: on NOT NULL columns it would keep PostgreSQL
        // from reading the order straight off an index (project_updated_idx) and make it sort every row
        String nulls = column.equals("p.planned_start_date") ? " NULLS LAST" : "";
        return column + direction + nulls + ", p.id" + direction;
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static final String DETAILS_SELECT = """
            SELECT p.*, o.name AS owner_name, r.name AS region_name, i.name AS industry_name,
                   lu.display_name AS leader_name, d.name AS department_name, cu.display_name AS commissioner_name,
                   pk.name AS package_name
            FROM project p
            JOIN organization o ON o.id = p.owner_id
            JOIN region r ON r.id = p.region_id
            LEFT JOIN industry i ON i.id = p.industry_id
            LEFT JOIN app_user lu ON lu.id = p.leader_id
            LEFT JOIN organization d ON d.id = p.department_id
            LEFT JOIN app_user cu ON cu.id = p.commissioner_id
            LEFT JOIN project pk ON pk.id = p.package_id
            """;

    private static final RowMapper<ProjectDetails> DETAILS = ProjectQueries::details;

    private static ProjectDetails details(ResultSet rs, int i) throws SQLException {
        return new ProjectDetails(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getLong("owner_id"),
                rs.getString("owner_name"), rs.getLong("region_id"), rs.getString("region_name"), rs.getString("address"),
                rs.getBigDecimal("longitude"), rs.getBigDecimal("latitude"), rs.getString("content_scale"),
                Nature.valueOf(rs.getString("nature")), Category.valueOf(rs.getString("category")),
                rs.getBoolean("manufacturing"), (Long) rs.getObject("industry_id"), rs.getString("industry_name"),
                rs.getBigDecimal("total_investment"), Tier.valueOf(rs.getString("tier")), Stage.valueOf(rs.getString("stage")),
                rs.getObject("planned_start_date", java.time.LocalDate.class),
                rs.getObject("planned_completion_date", java.time.LocalDate.class),
                rs.getObject("actual_start_date", java.time.LocalDate.class),
                rs.getObject("actual_completion_date", java.time.LocalDate.class),
                (Long) rs.getObject("leader_id"), rs.getString("leader_name"), (Long) rs.getObject("department_id"),
                rs.getString("department_name"), (Long) rs.getObject("commissioner_id"), rs.getString("commissioner_name"),
                rs.getString("task_force"), rs.getString("promotion_plan"), (Long) rs.getObject("package_id"),
                rs.getString("package_name"), rs.getInt("version"),
                rs.getObject("created_at", java.time.OffsetDateTime.class), rs.getObject("updated_at", java.time.OffsetDateTime.class));
    }

    static final String ENTRY_SELECT = """
            SELECT e.id, e.list_id, l.name AS list_name, l.year, l.level, l.batch, e.project_id, e.planned_investment,
                   e.target, e.planned_start_month, e.version, e.nature
            FROM annual_list_entry e JOIN annual_list l ON l.id = e.list_id
            """;
    static final RowMapper<ListEntry> ENTRY = (rs, i) -> new ListEntry(rs.getLong("id"), rs.getLong("list_id"),
            rs.getString("list_name"), rs.getInt("year"), ListLevel.valueOf(rs.getString("level")), rs.getInt("batch"),
            rs.getLong("project_id"), rs.getBigDecimal("planned_investment"), YearTarget.valueOf(rs.getString("target")),
            (Integer) rs.getObject("planned_start_month"), rs.getInt("version"),
            rs.getString("nature") == null ? null : Nature.valueOf(rs.getString("nature")));

    private static final RowMapper<AnnualList> LIST = (rs, i) -> new AnnualList(rs.getLong("id"), rs.getInt("year"),
            ListLevel.valueOf(rs.getString("level")), rs.getLong("region_id"), rs.getString("region_name"),
            rs.getInt("batch"), rs.getString("name"), rs.getObject("published_on", java.time.LocalDate.class),
            rs.getLong("projects"));

    private static String batchSelect(DataScope scope) {
        return """
                SELECT b.id, b.name, b.held_on, b.region_id, r.name AS region_name, count(p.id) AS projects,
                       coalesce(sum(p.total_investment), 0) AS total_investment
                FROM start_batch b JOIN region r ON r.id = b.region_id
                LEFT JOIN start_batch_project bp ON bp.batch_id = b.id
                LEFT JOIN project p ON p.id = bp.project_id AND\s""" + scope.projectCondition("p") + "\n";
    }
    private static final RowMapper<StartBatch> BATCH = (rs, i) -> new StartBatch(rs.getLong("id"), rs.getString("name"),
            rs.getObject("held_on", java.time.LocalDate.class), rs.getLong("region_id"), rs.getString("region_name"),
            rs.getLong("projects"), rs.getBigDecimal("total_investment"));
}
