package org.keyproject.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keyproject.common.PageResult;
import org.keyproject.people.DataScope;
import org.keyproject.project.ProjectsChanged;
import org.keyproject.project.StagesChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Service promises (服务承诺) to newly signed projects. When projects move to 签约落地 (signed) the project
 * module says so in the same transaction ({@link StagesChanged}, one project or a whole import at once),
 * and each signing gets its four dated promises in one statement, due on the working-day calendar
 * from the signing day. A promise is kept by the first fitting service logged on or after the signing
 * day, or, for the commissioner, by the project having one. Whether it is open, kept or late is
 * derived when read, from the day asked about: no job is needed for a promise to turn late.
 */
@Component
@Transactional
class Promises {

    /** The state of a promise on a day, derived from its due and fulfilment days. */
    enum State {
        /** not yet due and not yet kept */
        OPEN,
        /** kept by its due day */
        KEPT,
        /** kept, but after its due day */
        KEPT_LATE,
        /** past its due day and not kept */
        LATE;

        public String messageKey() {
            return "promise.state." + name();
        }
    }

    /** The state on :day of the promise sp (a fulfilment after that day does not count yet). */
    static final String STATE = """
            CASE WHEN sp.fulfilled_on <= CAST(:day AS DATE) THEN CASE WHEN sp.fulfilled_on <= sp.due_on THEN 'KEPT' ELSE 'KEPT_LATE' END
                 WHEN sp.due_on < CAST(:day AS DATE) THEN 'LATE' ELSE 'OPEN' END""";

    private static final String SELECT = """
            SELECT sp.id, sp.project_id, p.name AS project_name, sp.kind, sp.signed_on, sp.due_on, sp.fulfilled_on,
                   sp.service_id, p.department_id, o.name AS department_name, p.region_id, r.name AS region_name,
                   %s AS state
            FROM service_promise sp
            JOIN project p ON p.id = sp.project_id
            JOIN region r ON r.id = p.region_id
            LEFT JOIN organization o ON o.id = p.department_id
            """.formatted(STATE);

    private static final RowMapper<Promise> ROW = (rs, i) -> new Promise(rs.getLong("id"), rs.getLong("project_id"),
            rs.getString("project_name"), PromiseKind.valueOf(rs.getString("kind")), rs.getObject("signed_on", LocalDate.class),
            rs.getObject("due_on", LocalDate.class), rs.getObject("fulfilled_on", LocalDate.class),
            (Long) rs.getObject("service_id"), (Long) rs.getObject("department_id"), rs.getString("department_name"),
            rs.getLong("region_id"), rs.getString("region_name"), State.valueOf(rs.getString("state")));

    /** A promise as read, with its state on the day asked about. */
    record Promise(long id, long projectId, String projectName, PromiseKind kind, LocalDate signedOn, LocalDate dueOn,
                   LocalDate fulfilledOn, Long serviceId, Long departmentId, String departmentName, long regionId,
                   String regionName, State state) {

        public boolean broken() {
            return state == State.LATE || state == State.KEPT_LATE;
        }
    }

    /** The filters of the promise list: a state, or only the broken ones (late, kept late); a department, a project. */
    record PromiseFilter(State state, boolean broken, Long departmentId, Long projectId, LocalDate day) {
    }

    private final JdbcClient jdbc;

    Promises(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The promises of the signings among these projects: a project whose latest stage change took it
     * to 签约落地 and that is still there gets one promise of each kind, once per signing. A commissioner
     * the project already has keeps that promise on the signing day; services already logged since the
     * signing keep theirs.
     */
    @EventListener
    void promise(StagesChanged changed) {
        Long[] ids = changed.projectIds().toArray(Long[]::new);
        if (ids.length == 0) {
            return;
        }
        jdbc.sql("""
                INSERT INTO service_promise (project_id, region_id, stage_change_id, kind, signed_on, due_on, fulfilled_on, fulfilled_at)
                SELECT p.id, p.region_id, sc.id, k.kind, sc.effective_on, working_day_add(sc.effective_on, k.days),
                       CASE WHEN k.kind = 'COMMISSIONER_NAMED' AND p.commissioner_id IS NOT NULL THEN sc.effective_on END,
                       CASE WHEN k.kind = 'COMMISSIONER_NAMED' AND p.commissioner_id IS NOT NULL THEN now() END
                FROM project p
                JOIN LATERAL (SELECT c.id, c.to_stage, c.effective_on FROM project_stage_change c WHERE c.project_id = p.id
                              ORDER BY c.effective_on DESC, c.id DESC LIMIT 1) sc ON sc.to_stage = 'SIGNED'
                CROSS JOIN %s k (kind, days, service_kind)
                WHERE p.id = ANY (CAST(:ids AS bigint[])) AND p.stage = 'SIGNED'
                ORDER BY p.id, k.days
                ON CONFLICT (stage_change_id, kind) DO NOTHING
                """.formatted(PromiseKind.sqlValues())).param("ids", ids).update();
        keep(changed.projectIds());
    }

    /** A commissioner assigned to a project keeps its open commissioner promise, on the day of the change. */
    @EventListener
    void commissionerNamed(ProjectsChanged changed) {
        if (changed.projectIds().isEmpty()) {
            return;
        }
        jdbc.sql("""
                UPDATE service_promise sp SET fulfilled_on = greatest(sp.signed_on, CAST(:today AS DATE)), fulfilled_at = now()
                FROM project p
                WHERE p.id = sp.project_id AND p.commissioner_id IS NOT NULL AND sp.kind = 'COMMISSIONER_NAMED'
                  AND sp.fulfilled_on IS NULL AND sp.project_id = ANY (CAST(:ids AS bigint[]))
                """).param("today", LocalDate.now(Services.ZONE)).param("ids", changed.projectIds().toArray(Long[]::new)).update();
    }

    /** Keeps the open promises of these projects that a service of their kind logged since the signing fulfils (the earliest). */
    void keep(Collection<Long> projectIds) {
        jdbc.sql("""
                UPDATE service_promise sp SET fulfilled_on = f.served_on, fulfilled_at = now(), service_id = f.service_id
                FROM (SELECT DISTINCT ON (sp.id) sp.id AS promise_id, s.id AS service_id, s.served_on
                      FROM service_promise sp
                      JOIN %s k (kind, days, service_kind) ON k.kind = sp.kind
                      JOIN service_record s ON s.project_id = sp.project_id AND s.kind = k.service_kind AND s.served_on >= sp.signed_on
                      WHERE sp.fulfilled_on IS NULL AND sp.project_id = ANY (CAST(:ids AS bigint[]))
                      ORDER BY sp.id, s.served_on, s.id) f
                WHERE sp.id = f.promise_id
                """.formatted(PromiseKind.sqlValues())).param("ids", projectIds.toArray(Long[]::new)).update();
    }

    /**
     * Opens again the promises a corrected service had kept: the keeping that follows picks the earliest
     * fitting service again, which may be this one with its new day and kind, or an earlier one.
     */
    void reopenKeptBy(long serviceId) {
        jdbc.sql("UPDATE service_promise SET fulfilled_on = NULL, fulfilled_at = NULL, service_id = NULL WHERE service_id = :id")
                .param("id", serviceId).update();
    }

    /** A page of the promises in the caller's scope, as they stand on the filter's day; most overdue first. */
    @Transactional(readOnly = true)
    PageResult<Promise> list(PromiseFilter filter, DataScope scope, int page, int size) {
        int pageSize = Math.min(Math.max(size, 1), Services.MAX_PAGE_SIZE);
        int pageNo = Math.max(page, 0);
        Map<String, Object> params = new HashMap<>(scope.params());
        params.put("day", filter.day());
        List<String> conditions = new ArrayList<>(List.of(scope.projectCondition("p")));
        if (filter.state() != null) {
            conditions.add(STATE + " = :state");
            params.put("state", filter.state().name());
        }
        if (filter.broken()) {
            conditions.add(STATE + " IN ('LATE', 'KEPT_LATE')");
        }
        if (filter.departmentId() != null) {
            conditions.add("p.department_id = :department");
            params.put("department", filter.departmentId());
        }
        if (filter.projectId() != null) {
            conditions.add("sp.project_id = :project");
            params.put("project", filter.projectId());
        }
        String where = " WHERE " + String.join(" AND ", conditions);
        long total = jdbc.sql("SELECT count(*) FROM service_promise sp JOIN project p ON p.id = sp.project_id" + where)
                .params(params).query(Long.class).single();
        List<Promise> items = total == 0 ? List.of() : jdbc.sql(SELECT + where
                        + " ORDER BY sp.due_on, sp.project_id, sp.id LIMIT :limit OFFSET :offset")
                .params(params).param("limit", pageSize).param("offset", (long) pageNo * pageSize).query(ROW).list();
        return new PageResult<>(items, total, pageNo, pageSize);
    }

    /** The promises of the latest signing of one project (the caller has checked its scope), in due order. */
    @Transactional(readOnly = true)
    List<Promise> ofProject(long projectId, LocalDate day) {
        return jdbc.sql(SELECT + """
                 WHERE sp.project_id = :project
                   AND sp.stage_change_id = (SELECT max(stage_change_id) FROM service_promise WHERE project_id = :project)
                 ORDER BY sp.due_on, sp.id
                """).param("project", projectId).param("day", day).query(ROW).list();
    }
}
