package org.keyproject.service;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.common.StaleVersionException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.people.People;
import org.keyproject.people.Role;
import org.keyproject.problem.Problem;
import org.keyproject.problem.ProblemState;
import org.keyproject.problem.Problems;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.keyproject.region.Regions;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service ledger (服务台账): logging a service on a project the caller sees, correcting it, reading
 * it. A service logged keeps the promises of its project it fulfils (see {@link Promises}). Every
 * change is audited in the same transaction.
 */
@Service
@Transactional
public class Services {

    static final String AUDIT_TYPE = "service_record";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_PAGE_SIZE = 200;
    static final int MAX_TEXT = 2000;
    private static final Set<Role> MAY_LOG = Set.of(Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.COMMISSIONER, Role.DEPARTMENT);

    private static final String SELECT = """
            SELECT s.id, s.kind, s.project_id, p.name AS project_name, s.region_id, r.name AS region_name, s.person_id,
                   u.display_name AS person_name, s.served_on, s.content, s.outcome, s.permit_type, s.permit_name,
                   s.in_parallel, s.created_by, s.created_at, s.version,
                   ARRAY(SELECT pu.id FROM service_participant sp JOIN app_user pu ON pu.id = sp.user_id
                         WHERE sp.service_id = s.id ORDER BY pu.display_name, pu.id) AS participant_ids,
                   ARRAY(SELECT pu.display_name FROM service_participant sp JOIN app_user pu ON pu.id = sp.user_id
                         WHERE sp.service_id = s.id ORDER BY pu.display_name, pu.id) AS participant_names,
                   ARRAY(SELECT l.problem_id || '|' || l.role || '|' || pb.state || '|' || pb.title
                         FROM service_problem l JOIN problem pb ON pb.id = l.problem_id
                         WHERE l.service_id = s.id AND {problemScope} ORDER BY l.role DESC, l.problem_id) AS problem_links
            FROM service_record s
            JOIN project p ON p.id = s.project_id
            JOIN region r ON r.id = s.region_id
            JOIN app_user u ON u.id = s.person_id
            """;

    private static final RowMapper<ServiceRecord> ROW = (rs, i) -> new ServiceRecord(rs.getLong("id"),
            ServiceKind.valueOf(rs.getString("kind")), rs.getLong("project_id"), rs.getString("project_name"),
            rs.getLong("region_id"), rs.getString("region_name"), rs.getLong("person_id"), rs.getString("person_name"),
            participants(rs), rs.getObject("served_on", LocalDate.class), rs.getString("content"), rs.getString("outcome"),
            rs.getString("permit_type") == null ? null : PermitType.valueOf(rs.getString("permit_type")),
            rs.getString("permit_name"), (Boolean) rs.getObject("in_parallel"), rs.getLong("created_by"),
            rs.getTimestamp("created_at").toInstant(), rs.getInt("version"), linkedProblems(rs));

    private final JdbcClient jdbc;
    private final ProjectQueries projects;
    private final People people;
    private final Regions regions;
    private final Promises promises;
    private final Problems problems;
    private final AuditTrail audit;

    Services(JdbcClient jdbc, ProjectQueries projects, People people, Regions regions, Promises promises, Problems problems,
             AuditTrail audit) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.people = people;
        this.regions = regions;
        this.promises = promises;
        this.problems = problems;
        this.audit = audit;
    }

    /**
     * Logs a service on a project in the caller's scope (404 otherwise), raises the new problems it brought
     * up through the problem loop, links the problems it raised or helped close, and keeps the promises
     * it fulfils.
     */
    public ServiceRecord log(ServiceForm form, CurrentUser by) {
        if (!MAY_LOG.contains(by.role())) {
            throw new ForbiddenException("error.forbidden");
        }
        if (form.projectId() == null) {
            throw new InvalidInputException("projectId", "error.required");
        }
        ProjectDetails project = projects.get(form.projectId(), by.scope());
        Checked checked = check(form, project.id(), by);
        long id = jdbc.sql("""
                INSERT INTO service_record (kind, project_id, region_id, person_id, served_on, content, outcome, permit_type,
                    permit_name, in_parallel, created_by)
                VALUES (:kind, :project, :region, :person, :day, :content, :outcome, :permitType, :permitName, :inParallel, :by)
                RETURNING id
                """).params(values(form, checked)).param("project", project.id()).param("region", project.regionId())
                .param("by", by.id()).query(Long.class).single();
        writeParticipants(id, checked.participants);
        writeProblems(id, project.id(), form, checked, by);
        audit.record(AUDIT_TYPE, id, "CREATE", null, snapshot(id), by.id(), by.displayName());
        promises.keep(List.of(project.id()));
        return get(id, by.scope());
    }

    /**
     * Corrects a service: its logger, its person or a coordinator may, with the version they read (409
     * when stale). The project stays; promises it no longer fulfils open again and are kept by another
     * service if one fits.
     */
    public ServiceRecord update(long id, ServiceForm form, CurrentUser by) {
        ServiceRecord current = get(id, by.scope());
        DataScope scope = by.scope();
        if (!MAY_LOG.contains(by.role())
                || !(scope.maintainsLibrary() || current.createdBy() == by.id() || current.personId() == by.id())) {
            throw new ForbiddenException("error.forbidden");
        }
        if (form.version() == null) {
            throw new InvalidInputException("version", "error.versionRequired");
        }
        Checked checked = check(form, current.projectId(), by);
        String before = snapshot(id);
        int updated = jdbc.sql("""
                UPDATE service_record SET kind = :kind, person_id = :person, served_on = :day, content = :content,
                    outcome = :outcome, permit_type = :permitType, permit_name = :permitName, in_parallel = :inParallel,
                    version = version + 1, updated_at = now()
                WHERE id = :id AND version = :version
                """).params(values(form, checked)).param("id", id).param("version", form.version()).update();
        if (updated == 0) {
            throw new StaleVersionException("service", id,
                    jdbc.sql("SELECT version FROM service_record WHERE id = ?").param(id).query(Long.class).single());
        }
        jdbc.sql("DELETE FROM service_participant WHERE service_id = ?").param(id).update();
        writeParticipants(id, checked.participants);
        writeProblems(id, current.projectId(), form, checked, by);
        audit.record(AUDIT_TYPE, id, "UPDATE", before, snapshot(id), by.id(), by.displayName());
        promises.reopenKeptBy(id);
        promises.keep(List.of(current.projectId()));
        return get(id, by.scope());
    }

    /** A service of a project in the caller's scope; 404 otherwise. */
    @Transactional(readOnly = true)
    public ServiceRecord get(long id, DataScope scope) {
        return jdbc.sql(select(scope) + " WHERE s.id = :id AND " + scope.projectCondition("p")).params(scope.params()).param("id", id)
                .query(ROW).optional().orElseThrow(() -> new NotFoundException("service", id));
    }

    /** One page of the filtered ledger in the caller's scope, newest first, with the total count. */
    @Transactional(readOnly = true)
    public PageResult<ServiceRecord> list(ServiceFilter filter, DataScope scope, int page, int size) {
        int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
        int pageNo = Math.max(page, 0);
        Map<String, Object> params = new HashMap<>(scope.params());
        String where = where(filter, params) + " AND " + scope.projectCondition("p");
        long total = jdbc.sql("SELECT count(*) FROM service_record s JOIN project p ON p.id = s.project_id JOIN region r ON r.id = s.region_id WHERE "
                + where).params(params).query(Long.class).single();
        List<ServiceRecord> items = total == 0 ? List.of() : jdbc.sql(select(scope) + " WHERE " + where
                        + " ORDER BY s.served_on DESC, s.id DESC LIMIT :limit OFFSET :offset")
                .params(params).param("limit", pageSize).param("offset", (long) pageNo * pageSize).query(ROW).list();
        return new PageResult<>(items, total, pageNo, pageSize);
    }

    /** The WHERE conditions of the filter on service_record s and region r, binding their parameters into params. */
    private String where(ServiceFilter f, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>(List.of("TRUE"));
        if (f.kind() != null) {
            conditions.add("s.kind = :kind");
            params.put("kind", f.kind().name());
        }
        if (f.personId() != null) {
            conditions.add("(s.person_id = :person OR EXISTS (SELECT 1 FROM service_participant sp WHERE sp.service_id = s.id AND sp.user_id = :person))");
            params.put("person", f.personId());
        }
        if (f.regionId() != null) {
            conditions.add("r.path LIKE :regionPath");
            params.put("regionPath", regions.find(f.regionId()).map(r -> r.path() + "%").orElse("-"));
        }
        if (f.projectId() != null) {
            conditions.add("s.project_id = :project");
            params.put("project", f.projectId());
        }
        if (f.problemId() != null) {
            conditions.add("EXISTS (SELECT 1 FROM service_problem l WHERE l.service_id = s.id AND l.problem_id = :problem)");
            params.put("problem", f.problemId());
        }
        if (f.from() != null) {
            conditions.add("s.served_on >= :from");
            params.put("from", f.from());
        }
        if (f.to() != null) {
            conditions.add("s.served_on <= :to");
            params.put("to", f.to());
        }
        return String.join(" AND ", conditions);
    }

    /** The service's columns, with the linked problems the reader sees (a department handler: its department's). */
    private static String select(DataScope scope) {
        return SELECT.replace("{problemScope}", Problems.scopeCondition(scope));
    }

    private record Checked(long personId, LocalDate day, Set<Long> participants, Set<Long> raised, Set<Long> closed) {
    }

    /** Every rule of the form at once, each problem naming its field. */
    private Checked check(ServiceForm form, long projectId, CurrentUser by) {
        List<FieldProblem> problems = new ArrayList<>();
        if (form.kind() == null) {
            problems.add(new FieldProblem("kind", "error.required"));
        }
        LocalDate today = LocalDate.now(ZONE);
        LocalDate day = form.servedOn() == null ? today : form.servedOn();
        if (day.isAfter(today)) {
            problems.add(new FieldProblem("servedOn", "error.service.future"));
        }
        if (blank(form.content())) {
            problems.add(new FieldProblem("content", "error.required"));
        } else if (form.content().trim().length() > MAX_TEXT) {
            problems.add(new FieldProblem("content", "error.service.tooLong", MAX_TEXT));
        }
        if (form.outcome() != null && form.outcome().trim().length() > MAX_TEXT) {
            problems.add(new FieldProblem("outcome", "error.service.tooLong", MAX_TEXT));
        }
        if (form.kind() == ServiceKind.PARALLEL_APPROVAL) {
            if (form.permitType() == null) {
                problems.add(new FieldProblem("permitType", "error.required"));
            } else if (form.permitType() == PermitType.OTHER && blank(form.permitName())) {
                problems.add(new FieldProblem("permitName", "error.required"));
            }
            if (form.inParallel() == null) {
                problems.add(new FieldProblem("inParallel", "error.required"));
            }
            if (form.permitName() != null && form.permitName().trim().length() > 100) {
                problems.add(new FieldProblem("permitName", "error.service.tooLong", 100));
            }
        }
        long personId = form.personId() == null ? by.id() : form.personId();
        if (form.personId() != null && people.findUser(personId).isEmpty()) {
            problems.add(new FieldProblem("personId", "error.notFound.person"));
        }
        Set<Long> participants = new LinkedHashSet<>(form.participantIds() == null ? List.of() : form.participantIds());
        participants.remove(personId);
        for (Long participant : participants) {
            if (participant == null || people.findUser(participant).isEmpty()) {
                problems.add(new FieldProblem("participantIds", "error.notFound.person"));
                break;
            }
        }
        Set<Long> raised = linkable(form.raisedProblemIds(), "raisedProblemIds", projectId, by.scope(), problems);
        Set<Long> closed = linkable(form.closedProblemIds(), "closedProblemIds", projectId, by.scope(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Checked(personId, day, participants, raised, closed);
    }

    /**
     * The problems named, each one the caller sees on the service's project and not dismissed; null when
     * none are given (on an update: the links stay as they are).
     */
    private Set<Long> linkable(List<Long> ids, String field, long projectId, DataScope scope, List<FieldProblem> refused) {
        if (ids == null) {
            return null;
        }
        Set<Long> linkable = new LinkedHashSet<>();
        for (Long id : ids) {
            Optional<Problem> problem = id == null ? Optional.empty() : problems.find(id, scope);
            if (problem.isEmpty() || problem.get().projectId() != projectId) {
                refused.add(new FieldProblem(field, "error.service.problemNotOfProject", id));
            } else if (problem.get().state() == ProblemState.DISMISSED) {
                refused.add(new FieldProblem(field, "error.service.problemDismissed", id));
            } else {
                linkable.add(id);
            }
        }
        return linkable;
    }

    /**
     * Raises the new problems the service brought up (as the caller, through the problem loop; their
     * refused fields named newProblems.&lt;field&gt;) and writes the links: the raised ones named and new,
     * the closed ones named. A role whose list is absent keeps its links.
     */
    private void writeProblems(long serviceId, long projectId, ServiceForm form, Checked checked, CurrentUser by) {
        Set<Long> raised = checked.raised == null ? new LinkedHashSet<>() : new LinkedHashSet<>(checked.raised);
        for (ServiceForm.NewProblem p : form.newProblems() == null ? List.<ServiceForm.NewProblem>of() : form.newProblems()) {
            try {
                raised.add(problems.raise(new Problems.NewProblem(projectId, p.category(), p.title(), p.description(),
                        p.directLine()), by).id());
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.problems().stream()
                        .map(f -> new FieldProblem("newProblems." + f.field(), f.messageKey(), f.args())).toList());
            }
        }
        if (checked.raised != null) {
            jdbc.sql("DELETE FROM service_problem WHERE service_id = ? AND role = 'RAISED'").param(serviceId).update();
        }
        if (checked.closed != null) {
            jdbc.sql("DELETE FROM service_problem WHERE service_id = ? AND role = 'CLOSED'").param(serviceId).update();
        }
        link(serviceId, ProblemLink.RAISED, raised);
        link(serviceId, ProblemLink.CLOSED, checked.closed == null ? Set.of() : checked.closed);
    }

    private void link(long serviceId, ProblemLink role, Set<Long> problemIds) {
        if (!problemIds.isEmpty()) {
            jdbc.sql("""
                    INSERT INTO service_problem (service_id, problem_id, role) SELECT ?, unnest(CAST(? AS bigint[])), ?
                    ON CONFLICT DO NOTHING
                    """).params(serviceId, problemIds.toArray(Long[]::new), role.name()).update();
        }
    }

    private static Map<String, Object> values(ServiceForm f, Checked checked) {
        boolean approval = f.kind() == ServiceKind.PARALLEL_APPROVAL;
        Map<String, Object> v = new HashMap<>();
        v.put("kind", f.kind().name());
        v.put("person", checked.personId);
        v.put("day", checked.day);
        v.put("content", f.content().trim());
        v.put("outcome", blank(f.outcome()) ? null : f.outcome().trim());
        v.put("permitType", approval ? f.permitType().name() : null);
        v.put("permitName", approval && !blank(f.permitName()) ? f.permitName().trim() : null);
        v.put("inParallel", approval ? f.inParallel() : null);
        return v;
    }

    private void writeParticipants(long id, Set<Long> participants) {
        if (!participants.isEmpty()) {
            jdbc.sql("INSERT INTO service_participant (service_id, user_id) SELECT ?, unnest(CAST(? AS bigint[]))")
                    .params(id, participants.toArray(Long[]::new)).update();
        }
    }

    private String snapshot(long id) {
        return jdbc.sql("""
                SELECT (to_jsonb(s) || jsonb_build_object('participants',
                        ARRAY(SELECT sp.user_id FROM service_participant sp WHERE sp.service_id = s.id ORDER BY sp.user_id),
                        'problems', ARRAY(SELECT l.role || ':' || l.problem_id FROM service_problem l WHERE l.service_id = s.id
                                          ORDER BY l.role DESC, l.problem_id)))::text
                FROM service_record s WHERE s.id = ?
                """).param(id).query(String.class).single();
    }

    private static List<ServiceRecord.Participant> participants(ResultSet rs) throws SQLException {
        Long[] ids = (Long[]) array(rs.getArray("participant_ids"));
        String[] names = (String[]) array(rs.getArray("participant_names"));
        List<ServiceRecord.Participant> list = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            list.add(new ServiceRecord.Participant(ids[i], names[i]));
        }
        return list;
    }

    /** "id|role|state|title" each (the title last: it may hold the separator). */
    private static List<ServiceRecord.LinkedProblem> linkedProblems(ResultSet rs) throws SQLException {
        List<ServiceRecord.LinkedProblem> list = new ArrayList<>();
        for (String link : (String[]) array(rs.getArray("problem_links"))) {
            String[] parts = link.split("\\|", 4);
            list.add(new ServiceRecord.LinkedProblem(Long.parseLong(parts[0]), ProblemLink.valueOf(parts[1]),
                    ProblemState.valueOf(parts[2]), parts[3]));
        }
        return list;
    }

    private static Object array(Array array) throws SQLException {
        return array.getArray();
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
