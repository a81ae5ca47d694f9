package org.keyproject.dispatch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keyproject.common.FieldProblem;
import org.keyproject.people.CurrentUser;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a progress report says besides money: the status of the project's procedures (手续办理),
 * which a new report takes over from the previous one, and the milestones it reports reached, which
 * become the project's actual milestone dates when the report is submitted. Used by {@link Reports},
 * inside its transactions and after its access checks.
 */
@Component
class ReportDetails {

    /** The procedures in the order the form shows them; OTHER is named by the reporter and may appear more than once. */
    static final List<String> KINDS = List.of("LAND", "PLANNING", "EIA", "ENERGY", "CONSTRUCTION_PERMIT", "OTHER");
    static final List<String> STATES = List.of("NOT_STARTED", "IN_PROGRESS", "DONE");
    static final int NAME_MAX = 100;
    /** A procedure from SELECT kind, name, state, on_date. */
    private static final RowMapper<Report.Procedure> PROCEDURE = (rs, i) ->
            new Report.Procedure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class));

    private final JdbcClient jdbc;
    private final Plans plans;

    ReportDetails(JdbcClient jdbc, Plans plans) {
        this.jdbc = jdbc;
        this.plans = plans;
    }

    /**
     * The procedures as given, checked: a known kind (each but OTHER once), a name for OTHER, a known
     * state, a date when DONE, never a date after today. Problems name procedures[i].field.
     */
    static List<Report.Procedure> check(List<Report.Procedure> given, LocalDate today, List<FieldProblem> problems) {
        List<Report.Procedure> checked = new ArrayList<>(given.size());
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Report.Procedure p = given.get(i);
            String field = "procedures[" + i + "].";
            if (p == null || p.kind() == null) {
                problems.add(new FieldProblem(field + "kind", "error.required"));
                continue;
            }
            if (!KINDS.contains(p.kind())) {
                problems.add(new FieldProblem(field + "kind", "error.report.procedureKind", p.kind()));
            } else if (!p.kind().equals("OTHER") && !kinds.add(p.kind())) {
                problems.add(new FieldProblem(field + "kind", "error.report.procedureTwice"));
            }
            String name = p.kind().equals("OTHER") ? trim(p.name()) : null;
            if (p.kind().equals("OTHER") && name == null) {
                problems.add(new FieldProblem(field + "name", "error.required"));
            } else if (name != null && name.length() > NAME_MAX) {
                problems.add(new FieldProblem(field + "name", "error.report.procedureName", NAME_MAX));
            }
            if (p.state() == null) {
                problems.add(new FieldProblem(field + "state", "error.required"));
            } else if (!STATES.contains(p.state())) {
                problems.add(new FieldProblem(field + "state", "error.report.procedureState", p.state()));
            }
            if ("DONE".equals(p.state()) && p.date() == null) {
                problems.add(new FieldProblem(field + "date", "error.report.procedureDate"));
            } else if (p.date() != null && p.date().isAfter(today)) {
                problems.add(new FieldProblem(field + "date", "error.report.procedureFuture"));
            }
            checked.add(new Report.Procedure(p.kind(), name, p.state(), p.date()));
        }
        return checked;
    }

    /** The milestones as given, checked as actual dates of the project (known key, a date, not after today), each once. */
    List<Report.Reached> check(long projectId, List<Report.Reached> given, List<FieldProblem> problems) {
        List<Report.Reached> checked = new ArrayList<>(given.size());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Report.Reached m = given.get(i);
            String field = "milestones[" + i + "].";
            String key = m == null ? null : trim(m.key());
            LocalDate reachedOn = m == null ? null : m.reachedOn();
            if (key != null && !keys.add(key)) {
                problems.add(new FieldProblem(field + "key", "error.plan.duplicateMilestone", key));
            }
            plans.checkActual(projectId, key, reachedOn, field, problems);
            checked.add(new Report.Reached(key, reachedOn));
        }
        return checked;
    }

    /** Replaces the report's procedures and milestones; a null list leaves what the report has. */
    void write(long reportId, List<Report.Procedure> procedures, List<Report.Reached> milestones) {
        if (procedures != null) {
            jdbc.sql("DELETE FROM report_procedure WHERE report_id = ?").param(reportId).update();
            for (int i = 0; i < procedures.size(); i++) {
                Report.Procedure p = procedures.get(i);
                jdbc.sql("INSERT INTO report_procedure (report_id, position, kind, name, state, on_date) VALUES (?, ?, ?, ?, ?, ?)")
                        .params(reportId, i, p.kind(), p.name(), p.state(), p.date()).update();
            }
        }
        if (milestones != null) {
            jdbc.sql("DELETE FROM report_milestone WHERE report_id = ?").param(reportId).update();
            for (Report.Reached m : milestones) {
                jdbc.sql("INSERT INTO report_milestone (report_id, key, reached_on) VALUES (?, ?, ?)")
                        .params(reportId, m.key(), m.reachedOn()).update();
            }
        }
    }

    List<Report.Procedure> procedures(long reportId) {
        return jdbc.sql("SELECT kind, name, state, on_date FROM report_procedure WHERE report_id = ? ORDER BY position")
                .param(reportId).query(PROCEDURE).list();
    }

    List<Report.Reached> milestones(long reportId) {
        return jdbc.sql("SELECT key, reached_on FROM report_milestone WHERE report_id = ? ORDER BY reached_on, key")
                .param(reportId).query((rs, i) -> new Report.Reached(rs.getString(1), rs.getObject(2, LocalDate.class))).list();
    }

    /**
     * The procedures of the project's report in the latest earlier period of the same cadence (any
     * year): the default of a new report, since a procedure's status carries on until it changes.
     */
    List<Report.Procedure> previous(Period period, long projectId) {
        return jdbc.sql("""
                SELECT kind, name, state, on_date FROM report_procedure
                WHERE report_id = (SELECT pr.id FROM progress_report pr JOIN report_period op ON op.id = pr.period_id
                                   WHERE pr.project_id = ? AND op.cadence = ? AND op.starts_on < ?
                                   ORDER BY op.starts_on DESC LIMIT 1)
                ORDER BY position
                """).params(projectId, period.cadence().name(), period.startsOn())
                .query(PROCEDURE).list();
    }

    /** On submit: the milestones the report reached become the project's actual dates (the milestone chart's). */
    void recordReached(long reportId, long projectId, CurrentUser by) {
        for (Report.Reached m : milestones(reportId)) {
            plans.recordReached(projectId, m.key(), m.reachedOn(), by);
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
