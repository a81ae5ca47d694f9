package org.keyproject.dispatch;

import java.time.LocalDate;
import java.util.List;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The lists a coordinator follows a period by, in the caller's scope like {@link Periods#missing}:
 * late reports (逾期), the missing and late counts per region and per commissioner, and every
 * warning with its explanation.
 */
@Service
@Transactional(readOnly = true)
class PeriodLists {

    /**
     * Each listed project of the period in the caller's scope, with columns id, code, name, region_id,
     * region_name, region_path, commissioner_id, commissioner_name, report_state, submitted_on (the
     * day of the latest submission in the city's time zone), due_on, missing (no submitted report:
     * none, a draft or a returned one) and late (submitted after the due date, or missing once the due
     * date has passed). Binds :period, :today, :zone and the scope's parameters; %s is the scope condition.
     */
    private static final String STATUS = """
            WITH status AS (
                SELECT p.id, p.code, p.name, p.region_id, r.name AS region_name, r.path AS region_path, p.commissioner_id,
                       cu.display_name AS commissioner_name, pr.state AS report_state,
                       CAST(pr.submitted_at AT TIME ZONE :zone AS DATE) AS submitted_on, rp.due_on,
                       (pr.id IS NULL OR pr.state IN ('DRAFT', 'RETURNED')) AS missing,
                       CASE WHEN pr.id IS NULL OR pr.state IN ('DRAFT', 'RETURNED') THEN CAST(:today AS DATE) > rp.due_on
                            ELSE CAST(pr.submitted_at AT TIME ZONE :zone AS DATE) > rp.due_on END AS late
                FROM report_period rp
                JOIN project p ON p.id IN (SELECT project_id FROM (%s) listed)
                JOIN region r ON r.id = p.region_id
                LEFT JOIN app_user cu ON cu.id = p.commissioner_id
                LEFT JOIN progress_report pr ON pr.period_id = rp.id AND pr.project_id = p.id
                WHERE rp.id = :period AND %s
            )
            """;

    private static final RowMapper<Count> COUNT = (rs, i) -> new Count((Long) rs.getObject(1), rs.getString(2),
            rs.getLong(3), rs.getLong(4), rs.getLong(5));

    private final JdbcClient jdbc;
    private final Periods periods;
    private final WorkingDays workingDays;
    private final MessageSource messages;

    PeriodLists(JdbcClient jdbc, Periods periods, WorkingDays workingDays, MessageSource messages) {
        this.jdbc = jdbc;
        this.periods = periods;
        this.workingDays = workingDays;
        this.messages = messages;
    }

    /**
     * A late project: submitted after the due date ({@code submittedOn} set), or still without a
     * submitted report after it; {@code workingDaysLate} counts the working days after the due date
     * up to the submission, or up to today.
     */
    record Late(long projectId, String code, String name, long regionId, String regionName, Long commissionerId,
                String commissionerName, String reportState, LocalDate dueOn, LocalDate submittedOn, int workingDaysLate) {
    }

    List<Late> late(long periodId, CurrentUser by) {
        periods.get(periodId, by);
        LocalDate today = LocalDate.now(Plans.ZONE);
        return status(periodId, by, """
                SELECT * FROM status WHERE late ORDER BY region_path, code
                """)
                .query((rs, i) -> {
                    LocalDate due = rs.getObject("due_on", LocalDate.class);
                    LocalDate submitted = rs.getBoolean("missing") ? null : rs.getObject("submitted_on", LocalDate.class);
                    return new Late(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getLong("region_id"),
                            rs.getString("region_name"), (Long) rs.getObject("commissioner_id"),
                            rs.getString("commissioner_name"), rs.getString("report_state"), due, submitted,
                            workingDays.between(due, submitted != null ? submitted : today));
                })
                .list();
    }

    /** How many projects of a group (a region or a commissioner) are missing and late, out of those listed. */
    record Count(Long id, String name, long listed, long missing, long late) {
    }

    /** The counts per child region of the caller's region (projects of that region itself count under it) and per commissioner. */
    record Summary(List<Count> regions, List<Count> commissioners) {
    }

    Summary summary(long periodId, CurrentUser by) {
        periods.get(periodId, by);
        List<Count> regions = status(periodId, by, """
                SELECT coalesce(c.id, me.id), coalesce(c.name, me.name), count(*), count(*) FILTER (WHERE missing),
                       count(*) FILTER (WHERE late)
                FROM status s
                JOIN region me ON me.id = :me
                LEFT JOIN region c ON c.parent_id = me.id AND s.region_path LIKE c.path || '%'
                GROUP BY coalesce(c.id, me.id), coalesce(c.name, me.name), coalesce(c.path, me.path)
                ORDER BY coalesce(c.path, me.path)
                """).param("me", by.regionId()).query(COUNT).list();
        List<Count> commissioners = status(periodId, by, """
                SELECT commissioner_id, commissioner_name, count(*), count(*) FILTER (WHERE missing),
                       count(*) FILTER (WHERE late)
                FROM status GROUP BY commissioner_id, commissioner_name
                ORDER BY commissioner_name NULLS LAST, commissioner_id
                """).query(COUNT).list();
        return new Summary(regions, commissioners);
    }

    /** A warning on a report of the period, with the reporter's explanation (null while unexplained). */
    record Warning(long projectId, String code, String name, long regionId, String regionName, String reportState,
                   String warning, String message, String explanation) {
    }

    /** Every warning on the period's reports in the caller's scope, by region, project and code. */
    List<Warning> warnings(long periodId, CurrentUser by) {
        periods.get(periodId, by);
        return status(periodId, by, """
                SELECT s.id, s.code, s.name, s.region_id, s.region_name, s.report_state, w.code AS warning, w.explanation
                FROM status s
                JOIN progress_report pr ON pr.period_id = :period AND pr.project_id = s.id
                JOIN report_warning w ON w.report_id = pr.id
                ORDER BY s.region_path, s.code, w.code
                """)
                .query((rs, i) -> new Warning(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
                        rs.getLong("region_id"), rs.getString("region_name"), rs.getString("report_state"),
                        rs.getString("warning"), messages.getMessage("warning." + rs.getString("warning"), null,
                                rs.getString("warning"), LocaleContextHolder.getLocale()),
                        rs.getString("explanation")))
                .list();
    }

    private JdbcClient.StatementSpec status(long periodId, CurrentUser by, String select) {
        DataScope scope = by.scope();
        return jdbc.sql(STATUS.formatted(Periods.LISTED, scope.projectCondition("p")) + select)
                .params(scope.params()).param("period", periodId).param("today", LocalDate.now(Plans.ZONE))
                .param("zone", Plans.ZONE.getId());
    }
}
