package org.keyproject.project;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.CopyStaging;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.people.Role;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Creates and updates many projects at once, set-based: rows are copied into a staging table, names
 * are resolved in a handful of bulk lookups, rows are matched to projects (by code, else by name and
 * owner, within the caller's scope) and checked in SQL, and a batch without errors is applied with a
 * few INSERT … SELECT / UPDATE … FROM statements, its audit trail written in bulk. The rules are
 * those of a single edit ({@link Projects}), and a row's lifecycle moves (an actual start or
 * completion date) go through the legal moves of {@link Stage}, each dated. Must run inside the
 * caller's transaction: the staging tables live until it ends, and nothing lands unless it commits.
 */
@Service
public class ProjectBatch {

    private static final String COLUMNS = """
            row_no, bad, code, name, owner, region, address, content_scale, task_force, nature, category, manufacturing,
            hint_category, hint_manufacturing, title_category, title_manufacturing, industry, total, planned,
            planned_start, planned_completion, actual_start, actual_completion, leader, commissioner, department,
            target, start_month, present""";
    private static final int COPY_BATCH = 2_000;
    private static final int ANALYSE_AFTER = 1_000;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Regions regions;
    private final People people;
    private final Projects projects;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    ProjectBatch(JdbcClient jdbc, DataSource dataSource, Regions regions, People people, Projects projects, AuditTrail audit,
                 ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.regions = regions;
        this.people = people;
        this.projects = projects;
        this.audit = audit;
        this.events = events;
    }

    /** The year's list the rows go on (of the caller's level and region), and whether to add unknown people and industries. */
    public record Options(int year, ListLevel level, boolean createMissing) {
    }

    /** Opens a batch for the caller: a staging table that lives until the transaction ends. */
    public Batch open(CurrentUser by) {
        jdbc.sql("""
                CREATE TEMP TABLE project_batch (
                    row_no int PRIMARY KEY, bad boolean NOT NULL, code text, name text, owner text, region text,
                    address text, content_scale text, task_force text, nature text, category text,
                    manufacturing boolean, hint_category text, hint_manufacturing boolean, title_category text,
                    title_manufacturing boolean, industry text, total numeric, planned numeric, planned_start date,
                    planned_completion date, actual_start date, actual_completion date, leader text, commissioner text,
                    department text, target text, start_month int, present text[],
                    region_id bigint, region_in_scope boolean, owner_id bigint, industry_id bigint, leader_id bigint,
                    commissioner_id bigint, department_id bigint, project_id bigint
                ) ON COMMIT DROP
                """).update();
        return new Batch(by);
    }

    /** A batch being filled and then checked and applied, in one transaction. */
    public final class Batch {

        private final CurrentUser by;
        private final CopyStaging staging = new CopyStaging(dataSource, "project_batch", COLUMNS, COPY_BATCH);
        private Options options;
        private boolean checked;

        private Batch(CurrentUser by) {
            this.by = by;
        }

        /** Stages a row; rows are copied to PostgreSQL in batches as they come. */
        public void add(BatchRow row) {
            staging.add(row.rowNo(), row.bad(), row.code(), row.name(), row.ownerName(), row.regionName(),
                    row.address(), row.contentScale(), row.taskForce(), row.nature(), row.category(), row.manufacturing(),
                    row.hintCategory(), row.hintManufacturing(), row.titleCategory(), row.titleManufacturing(),
                    row.industryName(), row.totalInvestment(), row.plannedInvestment(), row.plannedStartDate(),
                    row.plannedCompletionDate(), row.actualStartDate(), row.actualCompletionDate(), row.leaderName(),
                    row.commissionerName(), row.departmentName(), row.target(), row.plannedStartMonth(),
                    CopyStaging.textArray(row.present()));
        }

        /**
         * Resolves names, matches the rows to projects and checks every rule; answers every problem
         * and warning. Rows marked bad (their cells could not be read) are staged but not checked.
         * With createMissing, unknown people, departments and industries are added (inside the
         * transaction, so they vanish with it when the batch is not applied).
         */
        public List<BatchProblem> check(Options options) {
            staging.flush();
            jdbc.sql("ANALYZE project_batch").update(); // temporary tables have no statistics until analysed
            this.options = options;
            DataScope scope = by.scope();
            resolveRegions(scope);
            resolveNames("owner", "owner_id", names -> people.organizationIdsByName(OrganizationKind.ENTERPRISE, names));
            resolvePeople("leader", "leader_id", Role.LEADER);
            resolvePeople("commissioner", "commissioner_id", Role.COMMISSIONER);
            resolveNames("department", "department_id", names -> {
                Map<String, Long> found = people.organizationIdsByName(OrganizationKind.DEPARTMENT, names);
                if (options.createMissing()) {
                    found.putAll(people.createOrganizations(OrganizationKind.DEPARTMENT, missing(names, found), true));
                }
                return found;
            });
            resolveIndustries();
            match(scope);
            build();
            checked = true;
            return problems();
        }

        private void resolveRegions(DataScope scope) {
            Region root = regions.root().orElseThrow();
            List<String> names = distinct("region");
            List<Long> ids = new ArrayList<>();
            List<Boolean> inScope = new ArrayList<>();
            for (String name : names) {
                Region region = regions.matchByName(name, root.id()).orElse(null);
                ids.add(region == null ? null : region.id());
                inScope.add(region != null && scope.coversRegion(region.path()));
            }
            jdbc.sql("""
                    UPDATE project_batch s SET region_id = m.id, region_in_scope = m.ok
                    FROM unnest(CAST(:names AS text[]), CAST(:ids AS bigint[]), CAST(:oks AS boolean[])) m (name, id, ok)
                    WHERE s.region = m.name
                    """).param("names", names.toArray(String[]::new)).param("ids", ids.toArray(Long[]::new))
                    .param("oks", inScope.toArray(Boolean[]::new)).update();
        }

        private void resolvePeople(String column, String idColumn, Role role) {
            resolveNames(column, idColumn, names -> {
                Map<String, Long> found = people.contactIdsByName(names, role, by.regionId());
                if (options.createMissing()) {
                    found.putAll(people.createContacts(missing(names, found).keySet(), role, by.regionId()));
                }
                return found;
            });
        }

        private Map<String, Long> missing(List<String> names, Map<String, Long> found) {
            Map<String, Long> missing = new LinkedHashMap<>();
            names.stream().filter(n -> !found.containsKey(n)).forEach(n -> missing.put(n, by.regionId()));
            return missing;
        }

        /** One lookup for all distinct names of a column, written back to its id column in one statement. */
        private void resolveNames(String column, String idColumn, Function<List<String>, Map<String, Long>> lookup) {
            List<String> names = distinct(column);
            if (names.isEmpty()) {
                return;
            }
            Map<String, Long> ids = lookup.apply(names);
            setIds(column, idColumn, ids);
        }

        private void setIds(String column, String idColumn, Map<String, Long> ids) {
            List<String> names = List.copyOf(ids.keySet());
            jdbc.sql("UPDATE project_batch s SET " + idColumn + " = m.id FROM unnest(CAST(:names AS text[]), CAST(:ids AS bigint[])) m (name, id) WHERE s."
                            + column + " = m.name")
                    .param("names", names.toArray(String[]::new)).param("ids", names.stream().map(ids::get).toArray(Long[]::new))
                    .update();
        }

        private List<String> distinct(String column) {
            return jdbc.sql("SELECT DISTINCT " + column + " FROM project_batch WHERE " + column + " IS NOT NULL").query(String.class).list();
        }

        private void resolveIndustries() {
            if (options.createMissing()) {
                // a new industry is filed under the category its first row gives, if any
                jdbc.sql("""
                        INSERT INTO industry (name, category, manufacturing, sort_order)
                        SELECT DISTINCT ON (s.industry) s.industry, coalesce(s.category, s.hint_category),
                               CASE WHEN s.category IS NOT NULL THEN s.manufacturing ELSE coalesce(s.hint_manufacturing, false) END,
                               (SELECT coalesce(max(sort_order), 0) + 10 FROM industry)
                        FROM project_batch s
                        WHERE s.industry IS NOT NULL AND NOT s.bad AND NOT EXISTS (SELECT 1 FROM industry i WHERE i.name = s.industry)
                        ORDER BY s.industry, s.row_no
                        ON CONFLICT (name) DO NOTHING
                        """).update();
            }
            jdbc.sql("UPDATE project_batch s SET industry_id = i.id FROM industry i WHERE i.name = s.industry").update();
        }

        /** By code within the scope, else by name and owner (full name, or the owner the name resolved to). */
        private void match(DataScope scope) {
            String condition = scope.projectCondition("p");
            jdbc.sql("UPDATE project_batch s SET project_id = p.id FROM project p WHERE s.code IS NOT NULL AND p.code = s.code AND " + condition)
                    .params(scope.params()).update();
            jdbc.sql("""
                    UPDATE project_batch s SET project_id = m.id FROM (
                        SELECT DISTINCT ON (s2.row_no) s2.row_no, p.id
                        FROM project_batch s2 JOIN project p ON p.name = s2.name JOIN organization o ON o.id = p.owner_id
                        WHERE s2.project_id IS NULL AND (o.name = s2.owner OR o.id = s2.owner_id) AND %s
                        ORDER BY s2.row_no, p.id) m
                    WHERE s.row_no = m.row_no
                    """.formatted(condition)).params(scope.params()).update();
            // rows of a concurrent edit wait here; the batch then sees the projects as they were committed
            jdbc.sql("SELECT p.id FROM project p JOIN project_batch s ON s.project_id = p.id ORDER BY p.id FOR UPDATE OF p")
                    .query(Long.class).list();
        }

        /** The projects as they will be: every field merged from the row and the project it matches. */
        private void build() {
            jdbc.sql("""
                    CREATE TEMP TABLE project_batch_final ON COMMIT DROP AS
                    SELECT s.row_no, s.bad, p.id AS current_id, p.id IS NULL AS is_new,
                           coalesce(p.id, nextval('project_id_seq')) AS id,
                           coalesce(s.code, p.code) AS code, s.name,
                           CASE WHEN p.id IS NOT NULL AND (s.owner = po.name OR s.owner_id = p.owner_id) THEN p.owner_id
                                ELSE s.owner_id END AS owner_id,
                           CASE WHEN p.id IS NOT NULL AND s.region = pr.name THEN p.region_id ELSE s.region_id END AS region_id,
                           CASE WHEN p.id IS NULL OR 'address' = ANY (s.present) THEN s.address ELSE p.address END AS address,
                           CASE WHEN p.id IS NULL OR 'contentScale' = ANY (s.present) THEN s.content_scale ELSE p.content_scale END AS content_scale,
                           CASE WHEN p.id IS NULL OR 'taskForce' = ANY (s.present) THEN s.task_force ELSE p.task_force END AS task_force,
                           coalesce(s.nature, p.nature) AS nature,
                           CASE WHEN s.category IS NOT NULL THEN s.category
                                WHEN p.id IS NOT NULL AND p.category <> 'UNCLASSIFIED' THEN p.category
                                ELSE coalesce(s.hint_category, i.category, s.title_category, 'UNCLASSIFIED') END AS category,
                           coalesce(CASE WHEN s.category IS NOT NULL THEN s.manufacturing
                                    OR (s.category = 'INDUSTRIAL' AND p.category = 'INDUSTRIAL' AND p.manufacturing)
                                WHEN p.id IS NOT NULL AND p.category <> 'UNCLASSIFIED' THEN p.manufacturing
                                WHEN s.hint_category IS NOT NULL THEN s.hint_manufacturing
                                WHEN i.category IS NOT NULL THEN i.manufacturing
                                ELSE s.title_manufacturing END, false) AS manufacturing,
                           CASE WHEN p.id IS NOT NULL AND NOT ('industryId' = ANY (s.present)) THEN p.industry_id
                                WHEN s.industry IS NULL THEN NULL
                                ELSE coalesce(s.industry_id, p.industry_id) END AS industry_id,
                           s.total AS total_investment, s.planned,
                           CASE WHEN p.id IS NULL OR 'plannedStartDate' = ANY (s.present) THEN s.planned_start
                                ELSE p.planned_start_date END AS planned_start_date,
                           CASE WHEN p.id IS NULL OR 'plannedCompletionDate' = ANY (s.present) THEN s.planned_completion
                                ELSE p.planned_completion_date END AS planned_completion_date,
                           coalesce(s.actual_start, p.actual_start_date) AS actual_start_date,
                           coalesce(s.actual_completion, p.actual_completion_date) AS actual_completion_date,
                           CASE WHEN p.id IS NOT NULL AND NOT ('leaderId' = ANY (s.present)) THEN p.leader_id
                                WHEN s.leader = pl.display_name THEN p.leader_id ELSE s.leader_id END AS leader_id,
                           CASE WHEN p.id IS NOT NULL AND NOT ('commissionerId' = ANY (s.present)) THEN p.commissioner_id
                                WHEN s.commissioner = pc.display_name THEN p.commissioner_id ELSE s.commissioner_id END AS commissioner_id,
                           CASE WHEN p.id IS NOT NULL AND NOT ('departmentId' = ANY (s.present)) THEN p.department_id
                                WHEN s.department = pd.name THEN p.department_id ELSE s.department_id END AS department_id,
                           p.stage AS current_stage,
                           CASE WHEN coalesce(s.nature, p.nature) = 'CONTINUING' THEN 'CONSTRUCTION' ELSE 'PREPARATION' END AS entry_stage,
                           CASE WHEN coalesce(s.nature, p.nature) = 'CONTINUING'
                                THEN coalesce(s.actual_start, CASE WHEN s.planned_start <= :today THEN s.planned_start END, :today)
                                ELSE least(:today, coalesce(s.actual_start, s.actual_completion, :today)) END AS entry_date,
                           CASE WHEN s.actual_completion IS NOT NULL THEN 'COMPLETED'
                                WHEN s.actual_start IS NOT NULL THEN 'CONSTRUCTION' END AS goal,
                           (SELECT max(c.effective_on) FROM project_stage_change c WHERE c.project_id = p.id) AS last_change,
                           e.id AS entry_id, e.list_id AS entry_list_id, e.planned_investment AS entry_planned,
                           e.target AS entry_target, e.planned_start_month AS entry_month,
                           -- the nature this year's list gives (none when the ledger has no 建设性质), and the entry's
                           s.nature AS listed_nature, e.nature AS entry_nature,
                           CASE WHEN s.target IS NOT NULL THEN s.target
                                WHEN e.id IS NOT NULL AND NOT ('target' = ANY (s.present)) THEN e.target
                                WHEN coalesce(s.nature, p.nature) = 'NEW'
                                     AND NOT coalesce(p.actual_start_date < make_date(:year, 1, 1) OR p.stage = 'COMPLETED', false)
                                THEN 'START' ELSE 'CONTINUE' END AS target,
                           s.start_month, false AS changed
                    FROM project_batch s
                    LEFT JOIN project p ON p.id = s.project_id
                    LEFT JOIN organization po ON po.id = p.owner_id
                    LEFT JOIN region pr ON pr.id = p.region_id
                    LEFT JOIN app_user pl ON pl.id = p.leader_id
                    LEFT JOIN app_user pc ON pc.id = p.commissioner_id
                    LEFT JOIN organization pd ON pd.id = p.department_id
                    LEFT JOIN industry i ON i.id = s.industry_id
                    LEFT JOIN annual_list_entry e ON e.project_id = p.id AND e.year = :year AND e.level = :level
                    """).param("today", today()).param("year", options.year()).param("level", options.level().name()).update();
            jdbc.sql("""
                    UPDATE project_batch_final SET start_month = CASE
                        WHEN target <> 'START' THEN NULL
                        WHEN planned_start_date IS NOT NULL THEN extract(month FROM planned_start_date)::int
                        WHEN entry_target = 'START' THEN entry_month END
                    WHERE start_month IS NULL
                    """).update();
            jdbc.sql("""
                    UPDATE project_batch_final SET code = 'KP' || extract(year FROM CAST(:today AS date))::int || lpad(id::text, 6, '0')
                    WHERE code IS NULL
                    """).param("today", today()).update();
            jdbc.sql("ANALYZE project_batch_final").update();
            jdbc.sql("CREATE TEMP TABLE project_batch_move ON COMMIT DROP AS " + MOVES).update();
        }

        /** Every rule over every row in one scan: each row is paired with the rules it breaks. */
        private List<BatchProblem> problems() {
            List<BatchProblem> problems = new ArrayList<>();
            List<String> rules = new ArrayList<>();
            for (int i = 0; i < CHECKS.size(); i++) {
                Check check = CHECKS.get(i);
                rules.add("(%d, %s, CAST(%s AS text))".formatted(i, check.condition, check.args == null ? "NULL" : check.args));
            }
            jdbc.sql("""
                    SELECT f.row_no, rule.no, rule.arg
                    FROM project_batch_final f JOIN project_batch s USING (row_no) LEFT JOIN project p ON p.id = f.current_id
                    CROSS JOIN LATERAL (VALUES %s) rule (no, broken, arg)
                    WHERE NOT f.bad AND rule.broken
                    ORDER BY rule.no, f.row_no
                    """.formatted(String.join(",\n", rules)))
                    .param("today", today()).param("threshold", Projects.THRESHOLD)
                    .query(rs -> {
                        Check check = CHECKS.get(rs.getInt(2));
                        Object[] args = check.args == null ? new Object[0] : new Object[] {rs.getString(3)};
                        problems.add(new BatchProblem(rs.getInt(1), check.field, check.warning, check.messageKey, args));
                    });
            return problems;
        }

        /** Applies a checked batch without errors; answers what happened to each row's project, in row order. */
        public List<BatchOutcome> apply() {
            if (!checked) {
                throw new IllegalStateException("check the batch before applying it");
            }
            long listId = projects.listFor(options.year(), options.level(), by.regionId(), by).id();
            createOwners();
            Map<String, Object> p = new HashMap<>();
            p.put("today", today());
            p.put("by", by.id());
            p.put("year", options.year());
            p.put("level", options.level().name());
            p.put("list", listId);
            jdbc.sql("""
                    CREATE TEMP TABLE project_batch_before ON COMMIT DROP AS
                    SELECT p.id, to_jsonb(p) - 'tier' AS state FROM project p JOIN project_batch_final f ON f.current_id = p.id;
                    CREATE TEMP TABLE project_batch_entry_before ON COMMIT DROP AS
                    SELECT f.id, %s AS state FROM project_batch_final f JOIN annual_list_entry e ON e.id = f.entry_id
                    JOIN annual_list l ON l.id = e.list_id
                    """.formatted(ENTRY_JSON)).update();
            int created = jdbc.sql("SELECT count(*) FROM project_batch_final WHERE is_new").query(Integer.class).single();
            jdbc.sql("""
                    INSERT INTO project (id, code, name, owner_id, region_id, address, content_scale, nature, category,
                        manufacturing, industry_id, total_investment, stage, planned_start_date, planned_completion_date,
                        actual_start_date, actual_completion_date, leader_id, department_id, commissioner_id, task_force)
                    SELECT id, code, name, owner_id, region_id, address, content_scale, nature, category, manufacturing,
                        industry_id, total_investment, entry_stage, planned_start_date, planned_completion_date,
                        CASE WHEN entry_stage = 'CONSTRUCTION' THEN coalesce(actual_start_date, entry_date) ELSE actual_start_date END,
                        actual_completion_date, leader_id, department_id, commissioner_id, task_force
                    FROM project_batch_final WHERE is_new ORDER BY row_no;
                    INSERT INTO project_stage_change (project_id, from_stage, to_stage, effective_on, recorded_by, note)
                    SELECT id, NULL, entry_stage, entry_date, :by, '入库' FROM project_batch_final WHERE is_new ORDER BY row_no;
                    INSERT INTO project_region_period (project_id, region_id, valid_from)
                    SELECT id, region_id, :today FROM project_batch_final WHERE is_new
                    """).params(p).update();
            analyseIfGrown("project", created);
            jdbc.sql("""
                    WITH updated AS (
                        UPDATE project p SET code = f.code, name = f.name, owner_id = f.owner_id, region_id = f.region_id,
                            address = f.address, content_scale = f.content_scale, nature = f.nature, category = f.category,
                            manufacturing = f.manufacturing, industry_id = f.industry_id, total_investment = f.total_investment,
                            planned_start_date = f.planned_start_date, planned_completion_date = f.planned_completion_date,
                            actual_start_date = f.actual_start_date, actual_completion_date = f.actual_completion_date,
                            leader_id = f.leader_id, department_id = f.department_id, commissioner_id = f.commissioner_id,
                            task_force = f.task_force, version = p.version + 1, updated_at = now()
                        FROM project_batch_final f
                        WHERE p.id = f.current_id
                          AND (p.code, p.name, p.owner_id, p.region_id, p.address, p.content_scale, p.nature, p.category,
                               p.manufacturing, p.industry_id, p.total_investment, p.planned_start_date,
                               p.planned_completion_date, p.actual_start_date, p.actual_completion_date, p.leader_id,
                               p.department_id, p.commissioner_id, p.task_force)
                          IS DISTINCT FROM
                              (f.code, f.name, f.owner_id, f.region_id, f.address, f.content_scale, f.nature, f.category,
                               f.manufacturing, f.industry_id, f.total_investment, f.planned_start_date,
                               f.planned_completion_date, f.actual_start_date, f.actual_completion_date, f.leader_id,
                               f.department_id, f.commissioner_id, f.task_force)
                        RETURNING p.id)
                    UPDATE project_batch_final f SET changed = true FROM updated u WHERE f.id = u.id
                    """).update();
            jdbc.sql("""
                    CREATE TEMP TABLE project_batch_moved ON COMMIT DROP AS
                    SELECT f.id, f.region_id FROM project_batch_final f JOIN project_region_period r
                        ON r.project_id = f.current_id AND r.valid_to IS NULL AND r.region_id <> f.region_id;
                    DELETE FROM project_region_period r USING project_batch_moved m WHERE r.project_id = m.id AND r.valid_from = :today;
                    UPDATE project_region_period r SET valid_to = :today FROM project_batch_moved m WHERE r.project_id = m.id AND r.valid_to IS NULL;
                    INSERT INTO project_region_period (project_id, region_id, valid_from) SELECT id, region_id, :today FROM project_batch_moved
                    """).params(p).update();
            jdbc.sql("""
                    INSERT INTO project_stage_change (project_id, from_stage, to_stage, effective_on, recorded_by, note)
                    SELECT id, step_from, step_to, effective_on, :by, '台账导入' FROM project_batch_move ORDER BY id, step;
                    WITH moved AS (
                        UPDATE project p SET stage = f.goal,
                            actual_start_date = coalesce(p.actual_start_date, m.first_day),
                            version = p.version + 1, updated_at = now()
                        FROM project_batch_final f
                        JOIN (SELECT id, min(effective_on) AS first_day FROM project_batch_move GROUP BY id) m ON m.id = f.id
                        WHERE p.id = f.id
                        RETURNING p.id)
                    UPDATE project_batch_final f SET changed = true FROM moved m WHERE f.id = m.id AND NOT f.is_new
                    """).params(p).update();
            jdbc.sql("""
                    WITH written AS (
                        INSERT INTO annual_list_entry AS e (list_id, project_id, year, level, planned_investment, target,
                                                            planned_start_month, nature)
                        SELECT :list, f.id, :year, :level, f.planned, f.target, f.start_month, coalesce(f.listed_nature, f.entry_nature)
                        FROM project_batch_final f
                        WHERE f.entry_id IS NULL OR f.entry_list_id <> :list OR f.entry_planned <> f.planned
                           OR f.entry_target <> f.target OR f.entry_month IS DISTINCT FROM f.start_month
                           OR coalesce(f.listed_nature, f.entry_nature) IS DISTINCT FROM f.entry_nature
                        ORDER BY f.row_no
                        ON CONFLICT (project_id, year, level) DO UPDATE SET list_id = EXCLUDED.list_id,
                            planned_investment = EXCLUDED.planned_investment, target = EXCLUDED.target,
                            planned_start_month = EXCLUDED.planned_start_month, nature = EXCLUDED.nature, version = e.version + 1
                        RETURNING e.project_id),
                    touched AS (
                        UPDATE project p SET updated_at = now() FROM written w, project_batch_final f
                        WHERE p.id = w.project_id AND f.id = w.project_id AND NOT f.is_new RETURNING p.id)
                    UPDATE project_batch_final f SET changed = true FROM touched t WHERE f.id = t.id
                    """).params(p).update();
            recordAudit(p);
            events.publishEvent(new StagesChanged(jdbc.sql(
                    "SELECT id FROM project_batch_final WHERE is_new UNION SELECT id FROM project_batch_move").query(Long.class).list()));
            List<BatchOutcome> outcomes = jdbc.sql("SELECT row_no, id, code, name, is_new, changed FROM project_batch_final ORDER BY row_no")
                    .query((rs, i) -> new BatchOutcome(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5) ? BatchOutcome.Kind.CREATED
                                    : rs.getBoolean(6) ? BatchOutcome.Kind.UPDATED : BatchOutcome.Kind.UNCHANGED))
                    .list();
            events.publishEvent(new ProjectsChanged(outcomes.stream()
                    .filter(o -> o.kind() != BatchOutcome.Kind.UNCHANGED).map(BatchOutcome::projectId).toList()));
            return outcomes;
        }

        /** Owners not yet known are added as enterprises of the first region they build in. */
        private void createOwners() {
            Map<String, Long> regionByOwner = new LinkedHashMap<>();
            jdbc.sql("""
                    SELECT DISTINCT ON (s.owner) s.owner, f.region_id FROM project_batch_final f JOIN project_batch s USING (row_no)
                    WHERE f.owner_id IS NULL ORDER BY s.owner, f.row_no
                    """).query(rs -> {
                        regionByOwner.put(rs.getString(1), rs.getLong(2));
                    });
            if (regionByOwner.isEmpty()) {
                return;
            }
            Map<String, Long> ids = people.createOrganizations(OrganizationKind.ENTERPRISE, regionByOwner, false);
            analyseIfGrown("organization", ids.size());
            ids.putAll(people.organizationIdsByName(OrganizationKind.ENTERPRISE, regionByOwner.keySet()));
            List<String> names = List.copyOf(ids.keySet());
            jdbc.sql("""
                    UPDATE project_batch_final f SET owner_id = m.id FROM project_batch s,
                        unnest(CAST(:names AS text[]), CAST(:ids AS bigint[])) m (name, id)
                    WHERE s.row_no = f.row_no AND f.owner_id IS NULL AND s.owner = m.name
                    """).param("names", names.toArray(String[]::new)).param("ids", names.stream().map(ids::get).toArray(Long[]::new))
                    .update();
        }

        /**
         * Fresh statistics after a large insert, so that the batch's next statements (and any plan
         * cached for them) are planned for the table as it now is, not as it was before the batch.
         */
        private void analyseIfGrown(String table, int inserted) {
            if (inserted >= ANALYSE_AFTER) {
                jdbc.sql("ANALYZE " + table).update();
            }
        }

        private void recordAudit(Map<String, Object> params) {
            String type = Projects.AUDIT_TYPE;
            audit.recordAll(type, "CREATE", """
                    SELECT p.id AS entity_id, CAST(NULL AS jsonb) AS before_state, to_jsonb(p) - 'tier' AS after_state
                    FROM project p JOIN project_batch_final f ON f.id = p.id AND f.is_new
                    """, params, by.id(), by.displayName());
            audit.recordAll(type, "UPDATE", """
                    SELECT p.id AS entity_id, b.state AS before_state, to_jsonb(p) - 'tier' AS after_state
                    FROM project p JOIN project_batch_before b ON b.id = p.id
                    """, params, by.id(), by.displayName());
            String entryPairs = """
                    SELECT f.id AS entity_id, b.state AS before_state, %s AS after_state
                    FROM project_batch_final f JOIN annual_list_entry e ON e.project_id = f.id AND e.year = :year AND e.level = :level
                    JOIN annual_list l ON l.id = e.list_id LEFT JOIN project_batch_entry_before b ON b.id = f.id
                    WHERE b.state IS %s NULL
                    """;
            audit.recordAll(type, "LIST_ENTRY_ADD", entryPairs.formatted(ENTRY_JSON, ""), params, by.id(), by.displayName());
            audit.recordAll(type, "LIST_ENTRY_UPDATE", entryPairs.formatted(ENTRY_JSON, "NOT"), params, by.id(), by.displayName());
        }
    }

    private static LocalDate today() {
        return LocalDate.now(Projects.ZONE);
    }

    /** The audit's view of a list entry, as {@link Projects#putOnList} records it. */
    private static final String ENTRY_JSON = """
            jsonb_build_object('list', l.name, 'year', e.year, 'level', e.level, 'planned_investment',
                e.planned_investment, 'target', e.target, 'planned_start_month', e.planned_start_month)""";

    /**
     * The lifecycle moves a row's actual dates ask for: from the project's stage (or the stage a new
     * project enters in) along the shortest legal path of {@link Stage#next()} to 开工在建 or 竣工投产,
     * each step dated by the start (or, for the step to 竣工投产, the completion), but never before the
     * project's last recorded change, so the history stays in order (the project's actual dates keep
     * the true days). A withdrawn project is not revived by a ledger, nor a suspended one by a start
     * date older than its suspension.
     */
    private static final String MOVES = """
            SELECT f.id, path.step, path.step_from, path.step_to,
                   greatest(CASE WHEN path.step_to = 'COMPLETED' THEN s.actual_completion
                                 ELSE coalesce(s.actual_start, s.actual_completion) END,
                            coalesce(f.last_change, f.entry_date)) AS effective_on
            FROM project_batch_final f JOIN project_batch s USING (row_no)
            JOIN (VALUES %s) path (from_stage, goal, step, step_from, step_to)
              ON path.from_stage = coalesce(f.current_stage, f.entry_stage) AND path.goal = f.goal
            WHERE NOT f.bad
              AND (f.current_stage IS DISTINCT FROM 'SUSPENDED' OR coalesce(s.actual_start, s.actual_completion) >= f.last_change)
            """.formatted(paths());

    private static String paths() {
        List<String> rows = new ArrayList<>();
        for (Stage from : Stage.values()) {
            if (from == Stage.WITHDRAWN) {
                continue;
            }
            for (Stage goal : List.of(Stage.CONSTRUCTION, Stage.COMPLETED)) {
                List<Stage> path = shortestPath(from, goal);
                for (int i = 1; i < path.size(); i++) {
                    rows.add("('%s', '%s', %d, '%s', '%s')".formatted(from, goal, i, path.get(i - 1), path.get(i)));
                }
            }
        }
        return String.join(", ", rows);
    }

    static List<Stage> shortestPath(Stage from, Stage to) {
        Map<Stage, Stage> cameFrom = new HashMap<>();
        ArrayDeque<Stage> queue = new ArrayDeque<>(List.of(from));
        Set<Stage> seen = EnumSet.of(from);
        while (!queue.isEmpty()) {
            Stage at = queue.poll();
            if (at == to) {
                List<Stage> path = new ArrayList<>();
                for (Stage s = to; s != null; s = cameFrom.get(s)) {
                    path.add(0, s);
                }
                return path;
            }
            for (Stage next : at.next()) {
                if (next != Stage.WITHDRAWN && seen.add(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return List.of(from);
    }

    /** A rule checked over the whole batch: the rows where condition holds break it. */
    private record Check(String field, boolean warning, String messageKey, String condition, String args) {
    }

    /**
     * The rules of a single edit ({@link Projects}), over the batch. f is the project as it will be,
     * s the row as staged, p the project as it is (null for a new one).
     */
    private static final List<Check> CHECKS = List.of(
            new Check("regionId", false, "ledger.error.regionUnknown", "s.region IS NOT NULL AND f.region_id IS NULL", "s.region"),
            new Check("regionId", false, "ledger.error.regionOutOfScope",
                    "f.region_id = s.region_id AND NOT s.region_in_scope AND (f.is_new OR f.region_id <> p.region_id)", "s.region"),
            new Check("nature", false, "ledger.error.required", "f.is_new AND s.nature IS NULL", null),
            new Check("name", false, "error.batch.sameProject",
                    "NOT f.is_new AND EXISTS (SELECT 1 FROM project_batch_final g WHERE g.id = f.id AND g.row_no <> f.row_no)", null),
            new Check("totalInvestment", false, "error.project.belowThreshold", "s.total < :threshold", null),
            new Check("code", false, "error.project.codeTaken",
                    "s.code IS NOT NULL AND EXISTS (SELECT 1 FROM project x WHERE x.code = s.code AND x.id <> f.id)", "s.code"),
            new Check("leaderId", false, "ledger.error.personUnknown", "s.leader IS NOT NULL AND f.leader_id IS NULL", "s.leader"),
            new Check("commissionerId", false, "ledger.error.personUnknown",
                    "s.commissioner IS NOT NULL AND f.commissioner_id IS NULL", "s.commissioner"),
            new Check("departmentId", false, "ledger.error.departmentUnknown",
                    "s.department IS NOT NULL AND f.department_id IS NULL", "s.department"),
            new Check("plannedCompletionDate", false, "error.project.completionBeforeStart",
                    "f.planned_completion_date < f.planned_start_date", null),
            new Check("actualStartDate", false, "error.stage.future", "s.actual_start > :today", null),
            new Check("actualCompletionDate", false, "error.stage.future", "s.actual_completion > :today", null),
            new Check("actualCompletionDate", false, "error.project.actualCompletionBeforeStart",
                    "f.actual_completion_date < f.actual_start_date", null),
            new Check("industryId", true, "ledger.warning.industryUnknown", "s.industry IS NOT NULL AND s.industry_id IS NULL", "s.industry"),
            new Check("category", true, "ledger.warning.unclassified", "f.category = 'UNCLASSIFIED'", null),
            new Check("plannedStartMonth", true, "ledger.warning.noStartMonth", "f.target = 'START' AND f.start_month IS NULL", null));
}
