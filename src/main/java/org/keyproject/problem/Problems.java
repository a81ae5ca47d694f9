package org.keyproject.problem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keyproject.audit.AuditTrail;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.PageResult;
import org.keyproject.common.StaleVersionException;
import org.keyproject.common.StateConflictException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.people.Role;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changing problems: raising one on a project, moving it through its states ({@link ProblemAction}),
 * listing it for supervision (挂牌督办), moving its deadline, and the default deadlines per category.
 * Who may do what: the coordinator assigns, dismisses, lists and moves deadlines; the handlers of the
 * assigned department start and answer; whoever raised the problem, or a coordinator, accepts the answer
 * (销号) or rejects it back to the department. Every change carries the version read, is a dated
 * problem_step with who and why, and is audited, in one transaction.
 */
@Service
@Transactional
public class Problems {

    static final String AUDIT_TYPE = "problem";
    static final int TITLE_MAX = 200;
    static final int TEXT_MAX = 4000;
    static final int MAX_WORKING_DAYS = 250;
    /** Who raises problems: commissioners, leaders, enterprises (their own projects), coordinators. */
    static final Set<Role> RAISERS = EnumSet.of(Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.COMMISSIONER, Role.ENTERPRISE);

    private final JdbcClient jdbc;
    private final ProblemQueries queries;
    private final ProjectQueries projects;
    private final People people;
    private final WorkingDays workingDays;
    private final ProblemNotices notices;
    private final ProblemAlerts alerts;
    private final AuditTrail audit;

    Problems(JdbcClient jdbc, ProblemQueries queries, ProjectQueries projects, People people, WorkingDays workingDays,
             ProblemNotices notices, ProblemAlerts alerts, AuditTrail audit) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.projects = projects;
        this.people = people;
        this.workingDays = workingDays;
        this.notices = notices;
        this.alerts = alerts;
        this.audit = audit;
    }

    /** A problem raised on a project; directLine (直通车) sends it to the responsible leader at once. */
    public record NewProblem(Long projectId, ProblemCategory category, String title, String description, Boolean directLine) {
    }

    /**
     * A move: the action and the version read; for ASSIGN the department, optionally the working days
     * (else the category's default) and a corrected category; for ANSWER the answer; a reason, required
     * for REJECT and DISMISS.
     */
    public record Transition(ProblemAction action, Integer version, Long departmentId, Integer workingDays,
                             ProblemCategory category, String answer, String reason) {
    }

    /** A new deadline, as a date or as working days from today; the reason is required for a listed problem. */
    public record DeadlineChange(LocalDate deadline, Integer workingDays, String reason, Integer version) {
    }

    /** Listing (挂牌督办) or unlisting a problem. */
    public record Listing(Boolean listed, String reason, Integer version) {
    }

    /** A problem the caller sees, with its steps; empty when it does not exist or lies outside the scope. */
    @Transactional(readOnly = true)
    public Optional<Problem> find(long id, DataScope scope) {
        return queries.find(id, scope);
    }

    /** One page of the filtered list in the caller's scope, as GET /api/v1/problems gives it. */
    @Transactional(readOnly = true)
    public PageResult<ProblemRow> list(ProblemFilter filter, DataScope scope, int page, int size) {
        return queries.list(filter, scope, page, size);
    }

    /**
     * The problems a user sees, as an SQL condition on problem pb joined with its project p (binding
     * {@link DataScope#params()}): for other modules' queries that show problems.
     */
    public static String scopeCondition(DataScope scope) {
        return ProblemQueries.scopeCondition(scope);
    }

    public Problem raise(NewProblem input, CurrentUser by) {
        if (input.projectId() == null) {
            throw new InvalidInputException("projectId", "error.required");
        }
        DataScope scope = by.scope();
        ProjectDetails project = projects.get(input.projectId(), scope);
        if (!RAISERS.contains(by.role())) {
            throw new ForbiddenException("error.forbidden");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (input.category() == null) {
            problems.add(new FieldProblem("category", "error.required"));
        }
        requireText(input.title(), "title", TITLE_MAX, problems);
        limitText(input.description(), "description", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = jdbc.sql("""
                INSERT INTO problem (project_id, region_id, raised_by, raised_role, category, title, description, direct_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """).params(project.id(), project.regionId(), by.id(), by.role().name(), input.category().name(),
                        input.title().strip(), trim(input.description()), Boolean.TRUE.equals(input.directLine()))
                .query(Long.class).single();
        step(id, "RAISE", null, ProblemState.RAISED, by, null, null, null, null);
        audit.record(AUDIT_TYPE, id, "CREATE", null, snapshot(id), by.id(), by.displayName());
        if (Boolean.TRUE.equals(input.directLine())) {
            alerts.escalate(ProblemQueries.today(), id);
        }
        return queries.get(id, scope);
    }

    public Problem transition(long id, Transition t, CurrentUser by) {
        Problem current = queries.get(id, by.scope());
        if (t.action() == null) {
            throw new InvalidInputException("action", "error.required");
        }
        if (t.version() == null) {
            throw new InvalidInputException("version", "error.versionRequired");
        }
        if (!mayAct(t.action(), current, by)) {
            throw new ForbiddenException("error.forbidden");
        }
        checkVersion(current, t.version());
        if (current.state() != t.action().from()) {
            throw illegal(current, t.action().messageKey());
        }
        LocalDate today = ProblemQueries.today();
        ProblemAction action = t.action();
        List<FieldProblem> problems = new ArrayList<>();
        Long department = null;
        LocalDate deadline = current.deadline();
        Integer days = current.deadlineDays();
        // the coordinator corrects the category when assigning; no other step may change it
        ProblemCategory category = action == ProblemAction.ASSIGN && t.category() != null ? t.category() : current.category();
        String text = trim(t.reason());
        switch (action) {
            case ASSIGN -> {
                department = checkDepartment(t.departmentId(), problems);
                days = t.workingDays() == null ? queries.categoryDeadlines().get(category) : t.workingDays();
                checkDays(days, problems);
            }
            case ANSWER -> {
                requireText(t.answer(), "answer", TEXT_MAX, problems);
                text = trim(t.answer());
            }
            case REJECT, DISMISS -> requireText(t.reason(), "reason", TEXT_MAX, problems);
            default -> limitText(t.reason(), "reason", problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (action == ProblemAction.ASSIGN) {
            deadline = workingDays.add(today, days);
        }
        String before = snapshot(id);
        int updated = jdbc.sql("""
                UPDATE problem SET state = :to, category = :category,
                    department_id = coalesce(:department, department_id), deadline = :deadline, deadline_days = :days,
                    answer = CASE WHEN :action = 'ANSWER' THEN :text ELSE answer END,
                    closed_at = CASE WHEN :to = 'CLOSED' THEN now() ELSE closed_at END,
                    version = version + 1, updated_at = now()
                WHERE id = :id AND version = :version AND state = :from
                """)
                .param("to", action.to().name()).param("category", category.name()).param("department", department)
                .param("deadline", deadline).param("days", days).param("action", action.name()).param("text", text)
                .param("id", id).param("version", t.version()).param("from", action.from().name())
                .update();
        if (updated == 0) {
            throw new StaleVersionException("problem", id, currentVersion(id));
        }
        long step = step(id, action.name(), action.from(), action.to(), by, text,
                department == null ? current.departmentId() : department,
                action == ProblemAction.ASSIGN ? current.deadline() : null, action == ProblemAction.ASSIGN ? deadline : null);
        audit.record(AUDIT_TYPE, id, action.name(), before, snapshot(id), by.id(), by.displayName());
        switch (action) {
            case ASSIGN -> notices.assigned(id, step);
            case ANSWER -> notices.answered(id, step);
            case REJECT -> notices.returned(id, step);
            default -> { }
        }
        return queries.get(id, by.scope());
    }

    /**
     * Moves the deadline of a problem the department still owes or has answered (coordinators): to a
     * date (the next working day when it falls on a day off) or to working days from today. A listed
     * problem's deadline moves only with a reason.
     */
    public Problem changeDeadline(long id, DeadlineChange change, CurrentUser by) {
        Problem current = queries.get(id, by.scope());
        if (change.version() == null) {
            throw new InvalidInputException("version", "error.versionRequired");
        }
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        checkVersion(current, change.version());
        if (current.deadline() == null || !current.state().open()) {
            throw illegal(current, "problem.deadline.change");
        }
        LocalDate today = ProblemQueries.today();
        List<FieldProblem> problems = new ArrayList<>();
        if (change.deadline() == null && change.workingDays() == null) {
            problems.add(new FieldProblem("deadline", "error.required"));
        } else if (change.deadline() != null && change.deadline().isBefore(today)) {
            problems.add(new FieldProblem("deadline", "error.problem.deadlinePast"));
        } else if (change.deadline() == null) {
            checkDays(change.workingDays(), problems);
        }
        if (current.listed() && blank(change.reason())) {
            problems.add(new FieldProblem("reason", "error.problem.listedReason"));
        }
        limitText(change.reason(), "reason", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        LocalDate deadline = change.deadline() != null ? workingDays.add(change.deadline(), 0)
                : workingDays.add(today, change.workingDays());
        int days = change.deadline() != null ? Math.max(workingDays.between(today, deadline), 0) : change.workingDays();
        String before = snapshot(id);
        update(id, change.version(), "deadline = :deadline, deadline_days = :days",
                Map.of("deadline", deadline, "days", days));
        step(id, "DEADLINE", current.state(), current.state(), by, trim(change.reason()), current.departmentId(),
                current.deadline(), deadline);
        audit.record(AUDIT_TYPE, id, "DEADLINE", before, snapshot(id), by.id(), by.displayName());
        return queries.get(id, by.scope());
    }

    /** Lists an open problem for supervision (挂牌督办), or takes it off the list (coordinators). */
    public Problem list(long id, Listing listing, CurrentUser by) {
        Problem current = queries.get(id, by.scope());
        if (listing.listed() == null) {
            throw new InvalidInputException("listed", "error.required");
        }
        if (listing.version() == null) {
            throw new InvalidInputException("version", "error.versionRequired");
        }
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        checkVersion(current, listing.version());
        boolean listed = listing.listed();
        if (listed == current.listed()) {
            return current;
        }
        if (listed && !current.state().open()) {
            throw illegal(current, "problem.action.LIST");
        }
        List<FieldProblem> problems = new ArrayList<>();
        limitText(listing.reason(), "reason", problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String before = snapshot(id);
        update(id, listing.version(), listed ? "listed = TRUE, listed_at = now(), listed_by = :by" : "listed = FALSE",
                Map.of("by", by.id()));
        String action = listed ? "LIST" : "UNLIST";
        step(id, action, current.state(), current.state(), by, trim(listing.reason()), current.departmentId(), null, null);
        audit.record(AUDIT_TYPE, id, action, before, snapshot(id), by.id(), by.displayName());
        return queries.get(id, by.scope());
    }

    /** Sets a category's default deadline in working days (coordinators and administrators). */
    public Map<ProblemCategory, Integer> setCategoryDeadline(ProblemCategory category, Integer days, CurrentUser by) {
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        List<FieldProblem> problems = new ArrayList<>();
        checkDays(days, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Integer before = queries.categoryDeadlines().get(category);
        jdbc.sql("UPDATE problem_category_deadline SET working_days = ?, updated_by = ?, updated_at = now() WHERE category = ?")
                .params(days, by.id(), category.name()).update();
        audit.record("problem_category_deadline", category.ordinal(), "UPDATE",
                "{\"category\": \"%s\", \"working_days\": %d}".formatted(category, before),
                "{\"category\": \"%s\", \"working_days\": %d}".formatted(category, days), by.id(), by.displayName());
        return queries.categoryDeadlines();
    }

    /** Whether the user may make this move on this problem (whatever its state now). */
    static boolean mayAct(ProblemAction action, Problem problem, CurrentUser user) {
        return switch (action) {
            case ASSIGN, DISMISS -> user.scope().maintainsLibrary();
            case START, ANSWER -> user.role() == Role.DEPARTMENT && user.organizationId() != null
                    && user.organizationId().equals(problem.departmentId());
            case ACCEPT, REJECT -> problem.raisedBy() == user.id() || user.scope().maintainsLibrary();
        };
    }

    /** The moves the user may make on the problem as it stands, for the page's forms. */
    static List<ProblemAction> allowedActions(Problem problem, CurrentUser user) {
        return java.util.Arrays.stream(ProblemAction.values())
                .filter(a -> a.from() == problem.state() && mayAct(a, problem, user)).toList();
    }

    /** Whether the user may attach files: whoever takes part in the problem, while it is open. */
    static boolean mayAttach(Problem problem, CurrentUser user) {
        return problem.state().open() && (problem.raisedBy() == user.id() || user.scope().maintainsLibrary()
                || mayAct(ProblemAction.ANSWER, problem, user));
    }

    private void checkVersion(Problem current, int version) {
        if (current.version() != version) {
            throw new StaleVersionException("problem", current.id(), current.version());
        }
    }

    private static StateConflictException illegal(Problem current, String actionKey) {
        return new StateConflictException(current.state().name(), "error.problem.illegal", current.state().messageKey(), actionKey);
    }

    private Long checkDepartment(Long departmentId, List<FieldProblem> problems) {
        if (departmentId == null) {
            problems.add(new FieldProblem("departmentId", "error.required"));
        } else if (people.findOrganization(departmentId).filter(o -> o.kind() == OrganizationKind.DEPARTMENT).isEmpty()) {
            problems.add(new FieldProblem("departmentId", "error.notFound.department"));
        }
        return departmentId;
    }

    private static void checkDays(Integer days, List<FieldProblem> problems) {
        if (days == null || days < 1 || days > MAX_WORKING_DAYS) {
            problems.add(new FieldProblem("workingDays", "error.problem.workingDays", MAX_WORKING_DAYS));
        }
    }

    private void update(long id, int version, String set, Map<String, ?> params) {
        int updated = jdbc.sql("UPDATE problem SET " + set + ", version = version + 1, updated_at = now() WHERE id = :id AND version = :version")
                .params(params).param("id", id).param("version", version).update();
        if (updated == 0) {
            throw new StaleVersionException("problem", id, currentVersion(id));
        }
    }

    private long step(long problemId, String action, ProblemState from, ProblemState to, CurrentUser by, String text,
                      Long department, LocalDate deadlineBefore, LocalDate deadlineAfter) {
        return jdbc.sql("""
                INSERT INTO problem_step (problem_id, action, from_state, to_state, actor_id, text, department_id,
                    deadline_before, deadline_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """).params(problemId, action, from == null ? null : from.name(), to.name(), by.id(), text, department,
                        deadlineBefore, deadlineAfter)
                .query(Long.class).single();
    }

    private long currentVersion(long id) {
        return jdbc.sql("SELECT version FROM problem WHERE id = ?").param(id).query(Long.class).single();
    }

    private String snapshot(long id) {
        return jdbc.sql("SELECT (to_jsonb(pb) - 'updated_at')::text FROM problem pb WHERE id = ?").param(id)
                .query(String.class).single();
    }

    private static void requireText(String value, String field, int max, List<FieldProblem> problems) {
        if (blank(value)) {
            problems.add(new FieldProblem(field, "error.required"));
        } else if (value.strip().length() > max) {
            problems.add(new FieldProblem(field, "error.problem.tooLong", max));
        }
    }

    private static void limitText(String value, String field, List<FieldProblem> problems) {
        if (!blank(value) && value.strip().length() > TEXT_MAX) {
            problems.add(new FieldProblem(field, "error.problem.tooLong", TEXT_MAX));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return blank(s) ? null : s.strip();
    }
}
