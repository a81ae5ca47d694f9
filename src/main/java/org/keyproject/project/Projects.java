package org.keyproject.project;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.StaleVersionException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.people.Organization;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changing the library: creating and editing projects, moving them through their lifecycle, placing
 * them on annual lists and in start batches. Every change is checked against the caller's scope and
 * recorded in the audit trail in the same transaction.
 */
@Service
@Transactional
public class Projects {

    static final String AUDIT_TYPE = "project";
    /** 500万元: the threshold of the key-project library. */
    static final BigDecimal THRESHOLD = BigDecimal.valueOf(500);
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final ProjectQueries queries;
    private final Regions regions;
    private final People people;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    Projects(JdbcClient jdbc, ProjectQueries queries, Regions regions, People people, AuditTrail audit,
             ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.regions = regions;
        this.people = people;
        this.audit = audit;
        this.events = events;
    }

    public ProjectDetails create(ProjectForm form, CurrentUser by) {
        DataScope scope = by.scope();
        if (!scope.maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        Checked checked = check(form, scope, null);
        long id = jdbc.sql("SELECT nextval('project_id_seq')").query(Long.class).single();
        LocalDate today = LocalDate.now(ZONE);
        String code = blank(form.code()) ? "KP" + today.getYear() + String.format("%06d", id) : form.code().trim();
        Stage stage = form.stage() == null ? Stage.RESERVE : form.stage();
        LocalDate since = form.stageDate() == null ? today : form.stageDate();
        jdbc.sql("""
                INSERT INTO project (id, code, name, owner_id, region_id, address, longitude, latitude, content_scale,
                    nature, category, manufacturing, industry_id, total_investment, stage, planned_start_date,
                    planned_completion_date, actual_start_date, leader_id, department_id, commissioner_id, task_force,
                    promotion_plan, package_id)
                VALUES (:id, :code, :name, :owner, :region, :address, :lon, :lat, :content, :nature, :category,
                    :manufacturing, :industry, :investment, :stage, :plannedStart, :plannedCompletion, :actualStart,
                    :leader, :department, :commissioner, :taskForce, :promotionPlan, :package)
                """)
                .params(values(form, checked)).param("id", id).param("code", code).param("stage", stage.name())
                .param("actualStart", stage == Stage.CONSTRUCTION && form.actualStartDate() == null ? since : form.actualStartDate())
                .update();
        jdbc.sql("INSERT INTO project_stage_change (project_id, from_stage, to_stage, effective_on, recorded_by, note) VALUES (?, NULL, ?, ?, ?, ?)")
                .params(id, stage.name(), since, by.id(), "入库").update();
        jdbc.sql("INSERT INTO project_region_period (project_id, region_id, valid_from) VALUES (?, ?, ?)")
                .params(id, checked.region.id(), today).update();
        audit.record(AUDIT_TYPE, id, "CREATE", null, snapshot(id), by.id(), by.displayName());
        events.publishEvent(new StagesChanged(List.of(id)));
        events.publishEvent(new ProjectsChanged(List.of(id)));
        return queries.get(id, scope);
    }

    public ProjectDetails update(long id, ProjectForm form, CurrentUser by) {
        DataScope scope = by.scope();
        ProjectDetails current = queries.get(id, scope);
        if (!scope.mayEdit(current.commissionerId())) {
            throw new ForbiddenException("error.forbidden");
        }
        if (form.version() == null) {
            throw new InvalidInputException("version", "error.versionRequired");
        }
        Checked checked = check(form, scope, current);
        String before = snapshot(id);
        int updated = jdbc.sql("""
                UPDATE project SET code = :code, name = :name, owner_id = :owner, region_id = :region, address = :address,
                    longitude = :lon, latitude = :lat, content_scale = :content, nature = :nature, category = :category,
                    manufacturing = :manufacturing, industry_id = :industry, total_investment = :investment,
                    planned_start_date = :plannedStart, planned_completion_date = :plannedCompletion,
                    actual_start_date = :actualStart, leader_id = :leader, department_id = :department,
                    commissioner_id = :commissioner, task_force = :taskForce, promotion_plan = :promotionPlan,
                    package_id = :package, version = version + 1, updated_at = now()
                WHERE id = :id AND version = :version
                """)
                .params(values(form, checked)).param("id", id).param("version", form.version())
                .param("code", blank(form.code()) ? current.code() : form.code().trim())
                .param("actualStart", form.actualStartDate())
                .update();
        if (updated == 0) {
            throw new StaleVersionException("project", id, currentVersion(id));
        }
        if (checked.region.id() != current.regionId()) {
            moveRegion(id, checked.region.id());
        }
        audit.record(AUDIT_TYPE, id, "UPDATE", before, snapshot(id), by.id(), by.displayName());
        events.publishEvent(new ProjectsChanged(List.of(id)));
        return queries.get(id, scope);
    }

    /** Moves a project to another stage; only the moves of {@link Stage#next()} are legal. */
    public ProjectDetails transition(long id, TransitionRequest request, CurrentUser by) {
        DataScope scope = by.scope();
        ProjectDetails current = queries.get(id, scope);
        if (!scope.mayEdit(current.commissionerId())) {
            throw new ForbiddenException("error.forbidden");
        }
        if (!current.stage().canMoveTo(request.to())) {
            throw new InvalidInputException("to", "error.stage.illegal", current.stage().messageKey(), request.to().messageKey());
        }
        LocalDate today = LocalDate.now(ZONE);
        LocalDate effective = request.effectiveOn() == null ? today : request.effectiveOn();
        if (effective.isAfter(today)) {
            throw new InvalidInputException("effectiveOn", "error.stage.future");
        }
        LocalDate last = jdbc.sql("SELECT max(effective_on) FROM project_stage_change WHERE project_id = ?").param(id)
                .query(LocalDate.class).optional().orElse(null);
        if (last != null && effective.isBefore(last)) {
            throw new InvalidInputException("effectiveOn", "error.stage.beforeLast", last);
        }
        String before = snapshot(id);
        int updated = jdbc.sql("""
                UPDATE project SET stage = :to,
                    actual_start_date = CASE WHEN :to = 'CONSTRUCTION' THEN coalesce(actual_start_date, :day) ELSE actual_start_date END,
                    actual_completion_date = CASE WHEN :to = 'COMPLETED' THEN :day ELSE actual_completion_date END,
                    version = version + 1, updated_at = now()
                WHERE id = :id AND stage = :from AND (CAST(:version AS INT) IS NULL OR version = :version)
                """)
                .param("to", request.to().name()).param("day", effective).param("id", id)
                .param("from", current.stage().name()).param("version", request.version())
                .update();
        if (updated == 0) {
            throw new StaleVersionException("project", id, currentVersion(id));
        }
        jdbc.sql("INSERT INTO project_stage_change (project_id, from_stage, to_stage, effective_on, recorded_by, note) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, current.stage().name(), request.to().name(), effective, by.id(), request.note()).update();
        audit.record(AUDIT_TYPE, id, "TRANSITION", before, snapshot(id), by.id(), by.displayName());
        events.publishEvent(new StagesChanged(List.of(id)));
        return queries.get(id, scope);
    }

    /** Puts a project on an annual list, or changes its entry there (one entry per year and level). */
    public ListEntry putOnList(long projectId, ListEntryForm form, CurrentUser by) {
        DataScope scope = by.scope();
        queries.get(projectId, scope);
        if (!scope.maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        // the list's year and level only: counting its projects on every call made a ledger import quadratic
        ListRef list = jdbc.sql("SELECT id, year, level FROM annual_list WHERE id = ?").param(form.listId())
                .query((rs, i) -> new ListRef(rs.getLong(1), rs.getInt(2), ListLevel.valueOf(rs.getString(3))))
                .optional().orElseThrow(() -> new InvalidInputException("listId", "error.notFound.list"));
        if (form.plannedInvestment().signum() < 0) {
            throw new InvalidInputException("plannedInvestment", "error.amount.negative");
        }
        Optional<ListEntry> existing = jdbc.sql(ProjectQueries.ENTRY_SELECT + " WHERE e.project_id = ? AND e.year = ? AND e.level = ?")
                .params(projectId, list.year(), list.level().name()).query(ProjectQueries.ENTRY).optional();
        String before = existing.map(e -> entryJson(e.id())).orElse(null);
        long entryId;
        if (existing.isPresent()) {
            entryId = existing.get().id();
            jdbc.sql("UPDATE annual_list_entry SET list_id = ?, planned_investment = ?, target = ?, planned_start_month = ?, nature = ?, version = version + 1 WHERE id = ?")
                    .params(list.id(), form.plannedInvestment(), form.target().name(), form.plannedStartMonth(),
                            form.nature() == null ? null : form.nature().name(), entryId).update();
        } else {
            entryId = jdbc.sql("""
                    INSERT INTO annual_list_entry (list_id, project_id, year, level, planned_investment, target, planned_start_month, nature)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """)
                    .params(list.id(), projectId, list.year(), list.level().name(), form.plannedInvestment(),
                            form.target().name(), form.plannedStartMonth(), form.nature() == null ? null : form.nature().name())
                    .query(Long.class).single();
        }
        touch(projectId);
        audit.record(AUDIT_TYPE, projectId, existing.isPresent() ? "LIST_ENTRY_UPDATE" : "LIST_ENTRY_ADD", before,
                entryJson(entryId), by.id(), by.displayName());
        return queries.listEntries(projectId).stream().filter(e -> e.id() == entryId).findFirst().orElseThrow();
    }

    private record ListRef(long id, int year, ListLevel level) {
    }

    public void removeFromList(long projectId, long entryId, CurrentUser by) {
        DataScope scope = by.scope();
        queries.get(projectId, scope);
        if (!scope.maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        String before = entryJson(entryId);
        if (jdbc.sql("DELETE FROM annual_list_entry WHERE id = ? AND project_id = ?").params(entryId, projectId).update() == 0) {
            throw new NotFoundException("listEntry", entryId);
        }
        touch(projectId);
        audit.record(AUDIT_TYPE, projectId, "LIST_ENTRY_REMOVE", before, "{}", by.id(), by.displayName());
    }

    /** Issues an annual list (coordinators of the issuing region or above). */
    public AnnualList createList(int year, ListLevel level, long regionId, int batch, String name, LocalDate publishedOn, CurrentUser by) {
        Region region = regions.find(regionId).orElseThrow(() -> new InvalidInputException("regionId", "error.notFound.region"));
        if (!by.scope().maintainsLibrary() || !by.scope().coversRegion(region.path())) {
            throw new ForbiddenException("error.forbidden");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (year < 2000 || year > 2100) {
            problems.add(new FieldProblem("year", "error.list.year"));
        }
        if (batch < 1) {
            problems.add(new FieldProblem("batch", "error.list.batch"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String listName = blank(name) ? defaultListName(year, level, region, batch) : name.trim();
        long id = jdbc.sql("""
                INSERT INTO annual_list (year, level, region_id, batch, name, published_on) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (year, level, region_id, batch) DO NOTHING RETURNING id
                """).params(year, level.name(), regionId, batch, listName, publishedOn).query(Long.class).optional()
                .orElseThrow(() -> new InvalidInputException("batch", "error.list.exists"));
        return queries.annualList(id, by.scope()).orElseThrow();
    }

    /** The list of a year, level and region, issued as batch 1 when there is none yet. */
    public AnnualList listFor(int year, ListLevel level, long regionId, CurrentUser by) {
        return queries.annualLists(year, by.scope()).stream()
                .filter(l -> l.level() == level && l.regionId() == regionId)
                .findFirst()
                .orElseGet(() -> createList(year, level, regionId, 1, null, null, by));
    }

    /** Records a centralised start event (集中开工) with the projects that started in it. */
    public StartBatch createStartBatch(String name, LocalDate heldOn, long regionId, List<Long> projectIds, CurrentUser by) {
        DataScope scope = by.scope();
        Region region = regions.find(regionId).orElseThrow(() -> new InvalidInputException("regionId", "error.notFound.region"));
        if (!scope.maintainsLibrary() || !scope.coversRegion(region.path())) {
            throw new ForbiddenException("error.forbidden");
        }
        if (blank(name)) {
            throw new InvalidInputException("name", "error.required");
        }
        if (heldOn == null) {
            throw new InvalidInputException("heldOn", "error.required");
        }
        long id = jdbc.sql("INSERT INTO start_batch (name, held_on, region_id) VALUES (?, ?, ?) RETURNING id")
                .params(name.trim(), heldOn, regionId).query(Long.class).single();
        for (Long projectId : projectIds) {
            queries.find(projectId, scope).orElseThrow(() -> new InvalidInputException("projectIds", "error.notFound.project", projectId));
            jdbc.sql("INSERT INTO start_batch_project (batch_id, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING").params(id, projectId).update();
            audit.record(AUDIT_TYPE, projectId, "START_BATCH", "{}", "{\"start_batch\": \"" + name.trim().replace("\"", "'") + "\"}", by.id(), by.displayName());
        }
        return queries.startBatches(scope).stream().filter(b -> b.id() == id).findFirst().orElseThrow();
    }

    private record Checked(Region region, long ownerId) {
    }

    /** Every rule of the form at once, each problem naming its field. */
    private Checked check(ProjectForm form, DataScope scope, ProjectDetails current) {
        List<FieldProblem> problems = new ArrayList<>();
        if (blank(form.name())) {
            problems.add(new FieldProblem("name", "error.required"));
        }
        Region region = form.regionId() == null ? null : regions.find(form.regionId()).orElse(null);
        if (region == null) {
            problems.add(new FieldProblem("regionId", "error.notFound.region"));
        } else if (!scope.coversRegion(region.path()) && (current == null || current.regionId() != region.id())) {
            problems.add(new FieldProblem("regionId", "error.region.outOfScope", region.name()));
        }
        if (form.totalInvestment() == null) {
            problems.add(new FieldProblem("totalInvestment", "error.required"));
        } else if (form.totalInvestment().compareTo(THRESHOLD) < 0) {
            problems.add(new FieldProblem("totalInvestment", "error.project.belowThreshold"));
        } else if (form.totalInvestment().stripTrailingZeros().scale() > 4) {
            problems.add(new FieldProblem("totalInvestment", "error.amount.scale"));
        }
        if (form.nature() == null) {
            problems.add(new FieldProblem("nature", "error.required"));
        }
        if (form.category() == null) {
            problems.add(new FieldProblem("category", "error.required"));
        }
        if (form.plannedStartDate() != null && form.plannedCompletionDate() != null
                && form.plannedCompletionDate().isBefore(form.plannedStartDate())) {
            problems.add(new FieldProblem("plannedCompletionDate", "error.project.completionBeforeStart"));
        }
        if ((form.longitude() == null) != (form.latitude() == null)) {
            problems.add(new FieldProblem(form.longitude() == null ? "longitude" : "latitude", "error.project.coordinatesPair"));
        }
        if (!blank(form.code())) {
            Long clash = jdbc.sql("SELECT id FROM project WHERE code = ?").param(form.code().trim()).query(Long.class).optional().orElse(null);
            if (clash != null && (current == null || clash != current.id())) {
                problems.add(new FieldProblem("code", "error.project.codeTaken", form.code().trim()));
            }
        }
        checkPerson(form.leaderId(), "leaderId", problems);
        checkPerson(form.commissionerId(), "commissionerId", problems);
        if (form.departmentId() != null && people.findOrganization(form.departmentId())
                .filter(o -> o.kind() == OrganizationKind.DEPARTMENT).isEmpty()) {
            problems.add(new FieldProblem("departmentId", "error.notFound.department"));
        }
        if (form.industryId() != null && jdbc.sql("SELECT count(*) FROM industry WHERE id = ?").param(form.industryId()).query(Long.class).single() == 0) {
            problems.add(new FieldProblem("industryId", "error.notFound.industry"));
        }
        if (form.packageId() != null) {
            Optional<ProjectDetails> pkg = queries.find(form.packageId(), scope);
            if (pkg.isEmpty() || pkg.get().packageId() != null || (current != null && pkg.get().id() == current.id())) {
                problems.add(new FieldProblem("packageId", "error.project.badPackage"));
            }
        }
        Long ownerId = null;
        if (form.ownerId() != null) {
            ownerId = people.findOrganization(form.ownerId()).filter(o -> o.kind() == OrganizationKind.ENTERPRISE)
                    .map(Organization::id).orElse(null);
            if (ownerId == null) {
                problems.add(new FieldProblem("ownerId", "error.notFound.owner"));
            }
        } else if (blank(form.ownerName())) {
            problems.add(new FieldProblem("ownerName", "error.required"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (ownerId == null) {
            ownerId = people.findOrCreateOrganization(OrganizationKind.ENTERPRISE, form.ownerName(), region.id(), false).id();
        }
        return new Checked(region, ownerId);
    }

    private void checkPerson(Long id, String field, List<FieldProblem> problems) {
        if (id != null && people.findUser(id).isEmpty()) {
            problems.add(new FieldProblem(field, "error.notFound.person"));
        }
    }

    private static Map<String, Object> values(ProjectForm f, Checked checked) {
        Map<String, Object> v = new java.util.HashMap<>();
        v.put("name", f.name().trim());
        v.put("owner", checked.ownerId);
        v.put("region", checked.region.id());
        v.put("address", trim(f.address()));
        v.put("lon", f.longitude());
        v.put("lat", f.latitude());
        v.put("content", trim(f.contentScale()));
        v.put("nature", f.nature().name());
        v.put("category", f.category().name());
        v.put("manufacturing", f.manufacturing());
        v.put("industry", f.industryId());
        v.put("investment", f.totalInvestment());
        v.put("plannedStart", f.plannedStartDate());
        v.put("plannedCompletion", f.plannedCompletionDate());
        v.put("leader", f.leaderId());
        v.put("department", f.departmentId());
        v.put("commissioner", f.commissionerId());
        v.put("taskForce", trim(f.taskForce()));
        v.put("promotionPlan", trim(f.promotionPlan()));
        v.put("package", f.packageId());
        return v;
    }

    private void moveRegion(long id, long regionId) {
        LocalDate today = LocalDate.now(ZONE);
        jdbc.sql("DELETE FROM project_region_period WHERE project_id = ? AND valid_from = ?").params(id, today).update();
        jdbc.sql("UPDATE project_region_period SET valid_to = ? WHERE project_id = ? AND valid_to IS NULL").params(today, id).update();
        jdbc.sql("INSERT INTO project_region_period (project_id, region_id, valid_from) VALUES (?, ?, ?)").params(id, regionId, today).update();
    }

    private void touch(long projectId) {
        jdbc.sql("UPDATE project SET updated_at = now() WHERE id = ?").param(projectId).update();
    }

    private long currentVersion(long id) {
        return jdbc.sql("SELECT version FROM project WHERE id = ?").param(id).query(Long.class).single();
    }

    private String snapshot(long id) {
        return jdbc.sql("SELECT (to_jsonb(p) - 'tier')::text FROM project p WHERE id = ?").param(id).query(String.class).single();
    }

    private String entryJson(long entryId) {
        return jdbc.sql("""
                SELECT jsonb_build_object('list', l.name, 'year', e.year, 'level', e.level, 'planned_investment',
                       e.planned_investment, 'target', e.target, 'planned_start_month', e.planned_start_month)::text
                FROM annual_list_entry e JOIN annual_list l ON l.id = e.list_id WHERE e.id = ?
                """).param(entryId).query(String.class).single();
    }

    private static String defaultListName(int year, ListLevel level, Region region, int batch) {
        String levelName = switch (level) {
            case PROVINCE -> "省级";
            case CITY -> "市级";
            case COUNTY -> region.name();
        };
        return year + "年" + levelName + "重点项目清单（第" + batch + "批）";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return blank(s) ? null : s.trim();
    }

}
