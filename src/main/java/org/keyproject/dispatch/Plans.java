package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.Money;
import org.keyproject.common.StaleVersionException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.project.ListEntry;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.keyproject.project.YearTarget;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changing plans: creating a year's first draft, editing a draft, approving it, re-planning an
 * approved version as the next draft, and recording the dates milestones were actually reached.
 * Coordinators and the project's commissioner plan and record; only coordinators approve. An
 * approved version is refused any change, here and by the database. Every change is audited in
 * the same transaction.
 */
@Service
@Transactional
class Plans {

    static final String AUDIT_TYPE = "project_plan";
    static final String PROJECT_AUDIT_TYPE = "project";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcClient jdbc;
    private final PlanQueries queries;
    private final ProjectQueries projects;
    private final AuditTrail audit;

    Plans(JdbcClient jdbc, PlanQueries queries, ProjectQueries projects, AuditTrail audit) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.projects = projects;
        this.audit = audit;
    }

    /** The first plan of a year, a draft (version 1). */
    Plan create(long projectId, PlanForm form, CurrentUser by) {
        ProjectDetails project = editable(projectId, by);
        if (form.year() == null || form.year() < 2000 || form.year() > 2100) {
            throw new InvalidInputException("year", form.year() == null ? "error.required" : "error.list.year");
        }
        int year = form.year();
        if (!queries.plans(projectId, year).isEmpty()) {
            throw new InvalidInputException("year", "error.plan.exists", year);
        }
        Content content = resolve(form, project, fromListEntry(projectId, year));
        long id = jdbc.sql("""
                INSERT INTO project_plan (project_id, year, version, annual_investment, profile, target, created_by)
                VALUES (?, ?, 1, ?, ?, ?, ?) RETURNING id
                """).params(projectId, year, content.annual, content.profile.name(), name(content.target), by.id())
                .query(Long.class).single();
        writeDetails(id, content);
        audit.record(AUDIT_TYPE, id, "CREATE", null, snapshot(id), by.id(), by.displayName());
        return queries.get(id, by.scope());
    }

    /** Edits a draft; the lock version read must be given, and an approved version is refused. */
    Plan update(long planId, PlanForm form, CurrentUser by) {
        Plan plan = queries.get(planId, by.scope());
        ProjectDetails project = editable(plan.projectId(), by);
        refuseApproved(plan);
        if (form.lockVersion() == null) {
            throw new InvalidInputException("lockVersion", "error.versionRequired");
        }
        Content content = resolve(form, project, new Content(plan.annualInvestment(), plan.profile(), plan.months(),
                plan.target(), plan.milestones()));
        String before = snapshot(planId);
        int updated = jdbc.sql("""
                UPDATE project_plan SET annual_investment = ?, profile = ?, target = ?, lock_version = lock_version + 1
                WHERE id = ? AND status = 'DRAFT' AND lock_version = ?
                """).params(content.annual, content.profile.name(), name(content.target), planId, form.lockVersion())
                .update();
        if (updated == 0) {
            throw new StaleVersionException("plan", planId, currentLock(planId));
        }
        jdbc.sql("DELETE FROM project_plan_month WHERE plan_id = ?").param(planId).update();
        jdbc.sql("DELETE FROM project_plan_milestone WHERE plan_id = ?").param(planId).update();
        writeDetails(planId, content);
        audit.record(AUDIT_TYPE, planId, "UPDATE", before, snapshot(planId), by.id(), by.displayName());
        return queries.get(planId, by.scope());
    }

    /** Approves a draft (coordinators only); the first approved version of a year is its baseline. */
    Plan approve(long planId, Integer lockVersion, CurrentUser by) {
        DataScope scope = by.scope();
        Plan plan = queries.get(planId, scope);
        if (!scope.maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        refuseApproved(plan);
        String before = snapshot(planId);
        int updated = jdbc.sql("""
                UPDATE project_plan SET status = 'APPROVED', approved_at = now(), approved_by = ?, lock_version = lock_version + 1
                WHERE id = ? AND status = 'DRAFT' AND (CAST(? AS INT) IS NULL OR lock_version = ?)
                """).params(by.id(), planId, lockVersion, lockVersion).update();
        if (updated == 0) {
            throw new StaleVersionException("plan", planId, currentLock(planId));
        }
        audit.record(AUDIT_TYPE, planId, "APPROVE", before, snapshot(planId), by.id(), by.displayName());
        return queries.get(planId, scope);
    }

    /** Re-planning (调整计划): copies an approved version to the year's next version, a draft. */
    Plan replan(long planId, CurrentUser by) {
        Plan source = queries.get(planId, by.scope());
        editable(source.projectId(), by);
        if (source.draft()) {
            throw new InvalidInputException("status", "error.plan.notApproved");
        }
        long id;
        try {
            id = jdbc.sql("""
                    INSERT INTO project_plan (project_id, year, version, annual_investment, profile, target, created_by)
                    SELECT project_id, year, (SELECT max(version) + 1 FROM project_plan WHERE project_id = s.project_id AND year = s.year),
                           annual_investment, profile, target, ?
                    FROM project_plan s WHERE s.id = ? RETURNING id
                    """).params(by.id(), planId).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("status", "error.plan.draftExists", source.year());
        }
        jdbc.sql("INSERT INTO project_plan_month (plan_id, month, amount) SELECT ?, month, amount FROM project_plan_month WHERE plan_id = ?")
                .params(id, planId).update();
        jdbc.sql("""
                INSERT INTO project_plan_milestone (plan_id, key, name, planned_on, sort_order)
                SELECT ?, key, name, planned_on, sort_order FROM project_plan_milestone WHERE plan_id = ?
                """).params(id, planId).update();
        audit.record(AUDIT_TYPE, id, "REPLAN", null, snapshot(id), by.id(), by.displayName());
        return queries.get(id, by.scope());
    }

    /**
     * Records the day a milestone was actually reached (a project's fact, whatever the plan version);
     * not in the future. The key is a template milestone or one of the project's plans.
     */
    void recordActual(long projectId, String key, LocalDate reachedOn, CurrentUser by) {
        editable(projectId, by);
        List<FieldProblem> problems = new ArrayList<>();
        checkActual(projectId, key, reachedOn, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        recordReached(projectId, key, reachedOn, by);
    }

    /**
     * The problems of an actual milestone date, each on the field prefix + "key" or "reachedOn": an
     * unknown key (neither a template milestone nor one of the project's plans), no date, a date after today.
     */
    void checkActual(long projectId, String key, LocalDate reachedOn, String prefix, List<FieldProblem> problems) {
        boolean known = key != null && (MilestoneTemplates.isTemplateKey(key) || jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM project_plan_milestone m JOIN project_plan pl ON pl.id = m.plan_id
                               WHERE pl.project_id = ? AND m.key = ?)
                """).params(projectId, key).query(Boolean.class).single());
        if (!known) {
            problems.add(new FieldProblem(prefix + "key", "error.plan.unknownMilestone", key));
        }
        if (reachedOn == null) {
            problems.add(new FieldProblem(prefix + "reachedOn", "error.required"));
        } else if (reachedOn.isAfter(LocalDate.now(ZONE))) {
            problems.add(new FieldProblem(prefix + "reachedOn", "error.plan.actualFuture"));
        }
    }

    /**
     * Records a checked actual milestone date for someone already allowed to state it (the planner,
     * or a reporter submitting a progress report that reached it), audited on the project.
     */
    void recordReached(long projectId, String key, LocalDate reachedOn, CurrentUser by) {
        LocalDate previous = queries.actuals(projectId).get(key);
        jdbc.sql("""
                INSERT INTO project_milestone_actual (project_id, key, reached_on, recorded_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (project_id, key) DO UPDATE SET reached_on = EXCLUDED.reached_on,
                    recorded_by = EXCLUDED.recorded_by, recorded_at = now()
                """).params(projectId, key, reachedOn, by.id()).update();
        audit.record(PROJECT_AUDIT_TYPE, projectId, "MILESTONE_ACTUAL", previous == null ? "{}" : actualJson(key, previous),
                actualJson(key, reachedOn), by.id(), by.displayName());
    }

    // ---- what a plan holds ----

    /** Annual amount, spread, target and milestones: what a draft holds besides its identity. */
    private record Content(BigDecimal annual, SpreadProfile profile, List<BigDecimal> months, YearTarget target,
                           List<Milestone> milestones) {
    }

    /**
     * The project's list entry for the year: of the highest level (province, then city, then county)
     * when it sits on several lists. Without one, the annual amount must be given.
     */
    private Content fromListEntry(long projectId, int year) {
        return projects.listEntries(projectId).stream().filter(e -> e.year() == year)
                .min(Comparator.comparing(ListEntry::level))
                .map(e -> new Content(e.plannedInvestment(), SpreadProfile.EVEN, null, e.target(), List.of()))
                .orElse(new Content(null, SpreadProfile.EVEN, null, null, List.of()));
    }

    /** The form over what the plan holds now (or the defaults of a new one), checked field by field. */
    private Content resolve(PlanForm form, ProjectDetails project, Content current) {
        List<FieldProblem> problems = new ArrayList<>();
        SpreadProfile profile = form.profile() != null ? form.profile() : current.profile;
        List<BigDecimal> typed = form.months() != null ? form.months()
                : current.profile == SpreadProfile.CUSTOM ? current.months : null;
        BigDecimal annual = form.annualInvestment() != null ? form.annualInvestment() : current.annual;
        if (annual == null && profile == SpreadProfile.CUSTOM && typed != null && typed.size() == 12 && !typed.contains(null)) {
            annual = typed.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        checkAmount("annualInvestment", annual, true, problems);
        List<BigDecimal> months = null;
        if (profile == SpreadProfile.CUSTOM) {
            months = customMonths(typed, annual, problems);
        } else if (problems.isEmpty()) {
            months = profile.spread(annual);
        }
        List<Milestone> milestones;
        if (form.milestones() != null) {
            milestones = milestones(form.milestones(), problems);
        } else if (form.targetDate() != null) {
            milestones = MilestoneTemplates.schedule(project.category(), form.targetDate());
        } else {
            milestones = current.milestones;
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Content(annual, profile, months, form.target() != null ? form.target() : current.target, milestones);
    }

    private static List<BigDecimal> customMonths(List<BigDecimal> typed, BigDecimal annual, List<FieldProblem> problems) {
        if (typed == null || typed.size() != 12) {
            problems.add(new FieldProblem("months", "error.plan.monthsCount"));
            return null;
        }
        int before = problems.size();
        for (int m = 0; m < 12; m++) {
            checkAmount("months[" + m + "]", typed.get(m), true, problems);
        }
        if (problems.size() == before && annual != null) {
            BigDecimal sum = typed.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.compareTo(annual) != 0) {
                problems.add(new FieldProblem("months", "error.plan.monthsSum", Money.wan(sum).formatWan(), Money.wan(annual).formatWan()));
            }
        }
        return typed;
    }

    private static void checkAmount(String field, BigDecimal amount, boolean required, List<FieldProblem> problems) {
        if (amount == null) {
            if (required) {
                problems.add(new FieldProblem(field, "error.required"));
            }
        } else if (amount.signum() < 0) {
            problems.add(new FieldProblem(field, "error.amount.negative"));
        } else if (amount.stripTrailingZeros().scale() > Money.SCALE) {
            problems.add(new FieldProblem(field, "error.amount.scale"));
        }
    }

    /** Milestones as given, in order: each dated; a custom one named and given a key of its own. */
    private static List<Milestone> milestones(List<Milestone> given, List<FieldProblem> problems) {
        List<Milestone> checked = new ArrayList<>(given.size());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Milestone m = given.get(i);
            String field = "milestones[" + i + "].";
            if (m == null) {
                problems.add(new FieldProblem(field + "plannedOn", "error.required"));
                continue;
            }
            String key = blank(m.key()) ? "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : m.key().trim();
            boolean template = MilestoneTemplates.isTemplateKey(key);
            String name = template || blank(m.name()) ? null : m.name().trim();
            if (!template && name == null) {
                problems.add(new FieldProblem(field + "name", "error.required"));
            } else if (name != null && name.length() > 100) {
                problems.add(new FieldProblem(field + "name", "error.plan.nameTooLong"));
            }
            if (key.length() > 40) {
                problems.add(new FieldProblem(field + "key", "error.plan.keyTooLong"));
            }
            if (!keys.add(key)) {
                problems.add(new FieldProblem(field + "key", "error.plan.duplicateMilestone", key));
            }
            if (m.plannedOn() == null) {
                problems.add(new FieldProblem(field + "plannedOn", "error.required"));
            }
            checked.add(new Milestone(key, name, m.plannedOn()));
        }
        return checked;
    }

    private void writeDetails(long planId, Content content) {
        for (int m = 0; m < 12; m++) {
            jdbc.sql("INSERT INTO project_plan_month (plan_id, month, amount) VALUES (?, ?, ?)")
                    .params(planId, m + 1, content.months.get(m)).update();
        }
        List<Milestone> milestones = content.milestones;
        for (int i = 0; i < milestones.size(); i++) {
            Milestone m = milestones.get(i);
            jdbc.sql("INSERT INTO project_plan_milestone (plan_id, key, name, planned_on, sort_order) VALUES (?, ?, ?, ?, ?)")
                    .params(planId, m.key(), MilestoneTemplates.isTemplateKey(m.key()) ? null : m.name(), m.plannedOn(), i + 1)
                    .update();
        }
    }

    // ---- helpers ----

    private ProjectDetails editable(long projectId, CurrentUser by) {
        ProjectDetails project = projects.get(projectId, by.scope());
        if (!by.scope().mayEdit(project.commissionerId())) {
            throw new ForbiddenException("error.forbidden");
        }
        return project;
    }

    /** An approved version is final: refused as invalid input on its status, never as a stale edit (409). */
    private static void refuseApproved(Plan plan) {
        if (!plan.draft()) {
            throw new InvalidInputException("status", "error.plan.approved", plan.version());
        }
    }

    private long currentLock(long planId) {
        return jdbc.sql("SELECT lock_version FROM project_plan WHERE id = ?").param(planId).query(Long.class).single();
    }

    private String snapshot(long planId) {
        return jdbc.sql("""
                SELECT jsonb_build_object('project_id', pl.project_id, 'year', pl.year, 'version', pl.version,
                    'status', pl.status, 'annual_investment', pl.annual_investment, 'profile', pl.profile,
                    'target', pl.target, 'approved_by', pl.approved_by,
                    'months', (SELECT jsonb_agg(m.amount ORDER BY m.month) FROM project_plan_month m WHERE m.plan_id = pl.id),
                    'milestones', (SELECT jsonb_agg(jsonb_build_object('key', s.key, 'name', s.name, 'planned_on', s.planned_on)
                                                    ORDER BY s.sort_order)
                                   FROM project_plan_milestone s WHERE s.plan_id = pl.id))::text
                FROM project_plan pl WHERE pl.id = ?
                """).param(planId).query(String.class).single();
    }

    /** An actual date as the audit trail keeps it: {"milestone.START": "2025-04-01"}. */
    private String actualJson(String key, LocalDate day) {
        return jdbc.sql("SELECT jsonb_build_object('milestone.' || ?, CAST(? AS text))::text").params(key, day.toString())
                .query(String.class).single();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
