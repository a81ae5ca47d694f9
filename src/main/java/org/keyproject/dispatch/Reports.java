package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.Money;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.StaleVersionException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.keyproject.region.RegionLevel;
import org.keyproject.region.Regions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Progress reports: saving a draft with derived totals and hard checks, submitting it once every
 * warning is explained, and the review upward (county, then city). The period amount and the
 * year-to-date amount are never both typed: one is given, the other derived from the previous
 * report of the same year and cadence.
 */
@Service
@Transactional
class Reports {

    static final String AUDIT_TYPE = "progress_report";
    /** 进度偏差: how far (in percentage points) the stated progress may lie from the money spent. */
    static final BigDecimal PROGRESS_TOLERANCE = BigDecimal.valueOf(30);
    /**
     * 形象进度停滞: how many reports in a row (this one and the ones before it, of the same cadence
     * and year) may carry money with the same 形象进度 text before the report is flagged.
     */
    static final int STALLED_REPORTS = 3;
    /** 投资异常跳变: the earlier reports (same cadence, any year) needed before a jump is judged. */
    static final int JUMP_MIN_HISTORY = 3;
    /** 投资异常跳变: how many sample standard deviations above the earlier mean the period amount must lie. */
    static final BigDecimal JUMP_SIGMAS = BigDecimal.valueOf(3);
    /** 投资异常跳变: and by how much above the mean at least (万元), so that small projects' small figures pass. */
    static final BigDecimal JUMP_FLOOR = BigDecimal.valueOf(100);
    /**
     * A 形象进度 text as compared: whitespace runs (including the ideographic space) collapsed to one
     * space, then trimmed. Binds nothing; %s is the column or parameter.
     */
    private static final String NORMALISED = "btrim(regexp_replace(%s, '[[:space:]\u3000]+', ' ', 'g'))";

    private final JdbcClient jdbc;
    private final Periods periods;
    private final ProjectQueries projects;
    private final Regions regions;
    private final AuditTrail audit;
    private final MessageSource messages;
    private final ReportDetails details;
    private final ApplicationEventPublisher events;

    Reports(JdbcClient jdbc, Periods periods, ProjectQueries projects, Regions regions, AuditTrail audit,
            MessageSource messages, ReportDetails details, ApplicationEventPublisher events) {
        this.details = details;
        this.events = events;
        this.jdbc = jdbc;
        this.periods = periods;
        this.projects = projects;
        this.regions = regions;
        this.audit = audit;
        this.messages = messages;
    }

    /** Creates or updates the project's report of the period, as a draft (or a returned one, still returned). */
    Report save(long periodId, long projectId, Report.Form form, CurrentUser by) {
        Period period = periods.get(periodId, by);
        ProjectDetails project = reportable(period, projectId, by);
        if (period.closed()) {
            throw new InvalidInputException("periodId", "error.report.periodClosed");
        }
        Report current = find(periodId, projectId).orElse(null);
        if (current != null) {
            refuseReviewed(current);
            if (form.version() == null) {
                throw new InvalidInputException("version", "error.versionRequired");
            }
        }
        Previous previous = previous(period, projectId);
        List<FieldProblem> problems = new ArrayList<>();
        if (later(period, projectId)) {
            problems.add(new FieldProblem(form.ytdAmount() != null ? "ytdAmount" : "periodAmount", "error.report.laterExists"));
            throw new InvalidInputException(problems);
        }
        Amounts amounts = derive(form.periodAmount(), form.ytdAmount(), previous.ytd, previous.sinceStart,
                project.totalInvestment(), problems);
        LocalDate startedOn = form.startedOn() != null ? form.startedOn()
                : current != null && current.startedOn() != null ? current.startedOn()
                : previous.startedOn != null ? previous.startedOn : startInYear(project, period.year());
        if (form.startedOn() != null && form.startedOn().isAfter(LocalDate.now(Plans.ZONE))) {
            problems.add(new FieldProblem("startedOn", "error.report.startFuture"));
        }
        if (form.progressPercent() != null && (form.progressPercent().signum() < 0
                || form.progressPercent().compareTo(BigDecimal.valueOf(100)) > 0)) {
            problems.add(new FieldProblem("progressPercent", "error.report.percent"));
        }
        // procedures: as given, else kept, else (a new report) the previous report's; milestones: as given, else kept
        List<Report.Procedure> procedures = form.procedures() != null
                ? ReportDetails.check(form.procedures(), LocalDate.now(Plans.ZONE), problems)
                : current == null ? details.previous(period, projectId) : null;
        List<Report.Reached> reached = form.milestones() == null ? null : details.check(projectId, form.milestones(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        boolean startedThisYear = startedOn != null && startedOn.getYear() == period.year();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("period", periodId);
        values.put("project", projectId);
        values.put("region", project.regionId());
        values.put("periodAmount", amounts.period);
        values.put("ytd", amounts.ytd);
        values.put("sinceStart", amounts.sinceStart);
        values.put("startedThisYear", startedThisYear);
        values.put("startedOn", startedOn);
        values.put("percent", form.progressPercent());
        values.put("image", trim(form.imageProgress()));
        values.put("problems", trim(form.problemsText()));
        long id;
        String before = null;
        if (current == null) {
            id = jdbc.sql("""
                    INSERT INTO progress_report (period_id, project_id, region_id, period_amount, ytd_amount, since_start_amount,
                        started_this_year, started_on, progress_percent, image_progress, problems_text)
                    VALUES (:period, :project, :region, :periodAmount, :ytd, :sinceStart, :startedThisYear, :startedOn,
                        :percent, :image, :problems) RETURNING id
                    """).params(values).query(Long.class).single();
        } else {
            id = current.id();
            before = json(id);
            int updated = jdbc.sql("""
                    UPDATE progress_report SET region_id = :region, period_amount = :periodAmount, ytd_amount = :ytd,
                        since_start_amount = :sinceStart, started_this_year = :startedThisYear, started_on = :startedOn,
                        progress_percent = :percent, image_progress = :image, problems_text = :problems,
                        version = version + 1, updated_at = now()
                    WHERE id = :id AND version = :version AND state IN ('DRAFT', 'RETURNED')
                    """).params(values).param("id", id).param("version", form.version()).update();
            if (updated == 0) {
                throw new StaleVersionException("progress_report", id, current.version());
            }
        }
        details.write(id, procedures, reached);
        writeWarnings(id, checks(period, project, amounts, startedOn, form.progressPercent(), trim(form.imageProgress())),
                form.explanations());
        audit.record(AUDIT_TYPE, id, current == null ? "CREATE" : "UPDATE", before, json(id), by.id(), by.displayName());
        return get(periodId, projectId, by);
    }

    /** Submits a draft or a returned report: every warning needs an explanation (given now or before). */
    Report submit(long periodId, long projectId, Map<String, String> explanations, Integer version, CurrentUser by) {
        Report report = changeable(periodId, projectId, by);
        if (version != null && version != report.version()) {
            throw new StaleVersionException("progress_report", report.id(), report.version());
        }
        explain(report.id(), explanations);
        List<FieldProblem> problems = new ArrayList<>();
        for (Report.Warning w : warnings(report.id())) {
            if (w.explanation() == null) {
                problems.add(new FieldProblem("explanations." + w.code(), "error.report.unexplained", w.message()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String before = json(report.id());
        jdbc.sql("""
                UPDATE progress_report SET state = 'SUBMITTED', submitted_by = ?, submitted_at = now(), version = version + 1,
                    updated_at = now() WHERE id = ?
                """).params(by.id(), report.id()).update();
        details.recordReached(report.id(), projectId, by);
        audit.record(AUDIT_TYPE, report.id(), "SUBMIT", before, json(report.id()), by.id(), by.displayName());
        events.publishEvent(new ReportsSubmitted(periodId));
        return get(periodId, projectId, by);
    }

    enum Action { APPROVE, RETURN }

    /**
     * Reviews a report: a county coordinator approves a submitted report (county reviewed), a city
     * coordinator a county-reviewed one (city confirmed); either returns it with a reason.
     */
    Report review(long periodId, long projectId, Action action, String reason, CurrentUser by) {
        Period period = periods.get(periodId, by);
        projects.get(projectId, by.scope());
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        Report report = find(periodId, projectId).orElseThrow(() -> new NotFoundException("progress_report", projectId));
        if (action == null) {
            throw new InvalidInputException("action", "error.required");
        }
        if (action == Action.RETURN && (reason == null || reason.isBlank())) {
            throw new InvalidInputException("reason", "error.report.reasonRequired");
        }
        String step = cityLevel(by) ? "CITY" : "COUNTY";
        String from = step.equals("CITY") ? "COUNTY_REVIEWED" : "SUBMITTED";
        if (!report.state().equals(from)) {
            throw new InvalidInputException("action", "error.report.notReviewable", text("reportState." + report.state()));
        }
        String to = action == Action.RETURN ? "RETURNED" : step.equals("CITY") ? "CITY_CONFIRMED" : "COUNTY_REVIEWED";
        String before = json(report.id());
        int updated = jdbc.sql("UPDATE progress_report SET state = ?, version = version + 1, updated_at = now() WHERE id = ? AND state = ?")
                .params(to, report.id(), from).update();
        if (updated == 0) {
            throw new StaleVersionException("progress_report", report.id(), report.version());
        }
        jdbc.sql("INSERT INTO report_review (report_id, step, action, reason, by_id) VALUES (?, ?, ?, ?, ?)")
                .params(report.id(), step, action.name(), trim(reason), by.id()).update();
        audit.record(AUDIT_TYPE, report.id(), "REVIEW_" + action.name(), before, json(report.id()), by.id(), by.displayName());
        return get(period.id(), projectId, by);
    }

    @Transactional(readOnly = true)
    Report get(long periodId, long projectId, CurrentUser by) {
        periods.get(periodId, by);
        projects.get(projectId, by.scope());
        return find(periodId, projectId).orElseThrow(() -> new NotFoundException("progress_report", projectId));
    }

    // ---- derivation and checks ----

    /** The amounts a report states: the period's, the year's so far and the project's since its start. */
    record Amounts(BigDecimal period, BigDecimal ytd, BigDecimal sinceStart) {
    }

    /**
     * Derives one amount from the other over the previous year-to-date figure; the hard errors (a
     * negative amount, a year-to-date figure below the previous one or beyond the total investment,
     * both amounts given and disagreeing, neither given) are added to problems.
     */
    static Amounts derive(BigDecimal periodAmount, BigDecimal ytdAmount, BigDecimal previousYtd, BigDecimal previousSinceStart,
                          BigDecimal totalInvestment, List<FieldProblem> problems) {
        int before = problems.size();
        if (periodAmount == null && ytdAmount == null) {
            problems.add(new FieldProblem("periodAmount", "error.report.amountRequired"));
            return null;
        }
        checkAmount("periodAmount", periodAmount, problems);
        checkAmount("ytdAmount", ytdAmount, problems);
        if (problems.size() > before) {
            return null;
        }
        BigDecimal ytd = ytdAmount != null ? ytdAmount : previousYtd.add(periodAmount);
        BigDecimal period = ytd.subtract(previousYtd);
        String given = ytdAmount != null ? "ytdAmount" : "periodAmount";
        if (periodAmount != null && ytdAmount != null && periodAmount.compareTo(period) != 0) {
            problems.add(new FieldProblem("ytdAmount", "error.report.amountsDisagree", Money.wan(previousYtd).formatWan()));
        } else if (period.signum() < 0) {
            problems.add(new FieldProblem("ytdAmount", "error.report.ytdBelowPrevious", Money.wan(previousYtd).formatWan()));
        } else if (ytd.compareTo(totalInvestment) > 0) {
            problems.add(new FieldProblem(given, "error.report.beyondTotal", Money.wan(totalInvestment).formatWan()));
        }
        if (problems.size() > before) {
            return null;
        }
        BigDecimal sinceStart = previousSinceStart == null ? ytd : previousSinceStart.add(period);
        return new Amounts(period, ytd, sinceStart);
    }

    private static void checkAmount(String field, BigDecimal amount, List<FieldProblem> problems) {
        if (amount == null) {
            return;
        }
        if (amount.signum() < 0) {
            problems.add(new FieldProblem(field, "error.amount.negative"));
        } else if (amount.stripTrailingZeros().scale() > Money.SCALE) {
            problems.add(new FieldProblem(field, "error.amount.scale"));
        }
    }

    /** The codes of the warnings a report raises. */
    private List<String> checks(Period period, ProjectDetails project, Amounts amounts, LocalDate startedOn,
                                BigDecimal percent, String image) {
        List<String> found = new ArrayList<>();
        BigDecimal planned = jdbc.sql("""
                SELECT planned_investment FROM annual_list_entry WHERE project_id = ? AND year = ?
                ORDER BY CASE level WHEN 'PROVINCE' THEN 1 WHEN 'CITY' THEN 2 ELSE 3 END LIMIT 1
                """).params(project.id(), period.year()).query(BigDecimal.class).optional().orElse(null);
        // 超年度计划: the year's completed investment above the annual plan of the highest list
        if (planned != null && amounts.ytd.compareTo(planned) > 0) {
            found.add("YTD_ABOVE_PLAN");
        }
        // 进度与投资不符: progress measured against the share of the total investment spent since the start
        if (percent != null && project.totalInvestment().signum() > 0) {
            BigDecimal spent = amounts.sinceStart.multiply(BigDecimal.valueOf(100))
                    .divide(project.totalInvestment(), 1, RoundingMode.HALF_UP);
            if (percent.subtract(spent).abs().compareTo(PROGRESS_TOLERANCE) > 0) {
                found.add("PROGRESS_MISMATCH");
            }
        }
        // 未开工有投资: money on a project that has not started
        if (amounts.period.signum() > 0 && startedOn == null && project.actualStartDate() == null) {
            found.add("NOT_STARTED");
        }
        if (amounts.period.signum() > 0 && image != null && imageStalled(period, project.id(), image)) {
            found.add("IMAGE_STALLED");
        }
        if (amounts.period.signum() > 0 && jump(period, project.id(), amounts.period)) {
            found.add("AMOUNT_JUMP");
        }
        return found;
    }

    /**
     * 形象进度停滞 (慢拖瞒): the project's previous {@link #STALLED_REPORTS} − 1 reports of the same cadence
     * and year (the latest ones in earlier periods, whatever their state) all exist, all report money
     * and all state the same normalised 形象进度 as this one.
     */
    private boolean imageStalled(Period period, long projectId, String image) {
        return jdbc.sql("""
                SELECT count(*) = :needed AND bool_and(coalesce(period_amount > 0 AND %s = %s, FALSE))
                FROM (SELECT pr.period_amount, pr.image_progress
                      FROM progress_report pr JOIN report_period op ON op.id = pr.period_id
                      WHERE pr.project_id = :project AND op.cadence = :cadence AND op.year = :year AND op.starts_on < :starts
                      ORDER BY op.starts_on DESC LIMIT :needed) earlier
                """.formatted(NORMALISED.formatted("image_progress"), NORMALISED.formatted("CAST(:image AS TEXT)")))
                .param("needed", STALLED_REPORTS - 1).param("project", projectId).param("cadence", period.cadence().name())
                .param("year", period.year()).param("starts", period.startsOn()).param("image", image)
                .query(Boolean.class).optional().map(Boolean.TRUE::equals).orElse(false);
    }

    /**
     * 投资异常跳变: with at least {@link #JUMP_MIN_HISTORY} reports of the project in earlier periods of
     * the same cadence (any year, any state), the period amount exceeds their mean by more than
     * {@link #JUMP_SIGMAS} sample standard deviations and by more than {@link #JUMP_FLOOR} 万元.
     */
    private boolean jump(Period period, long projectId, BigDecimal amount) {
        return jdbc.sql("""
                SELECT count(*) >= :minHistory
                       AND :amount > avg(pr.period_amount) + :sigmas * stddev_samp(pr.period_amount)
                       AND :amount > avg(pr.period_amount) + :floor
                FROM progress_report pr JOIN report_period op ON op.id = pr.period_id
                WHERE pr.project_id = :project AND op.cadence = :cadence AND op.starts_on < :starts
                """).param("minHistory", JUMP_MIN_HISTORY).param("amount", amount).param("sigmas", JUMP_SIGMAS)
                .param("floor", JUMP_FLOOR).param("project", projectId).param("cadence", period.cadence().name())
                .param("starts", period.startsOn())
                .query(Boolean.class).optional().map(Boolean.TRUE::equals).orElse(false);
    }

    /** Replaces the report's warnings, keeping the explanation of a warning that is raised again. */
    private void writeWarnings(long reportId, List<String> found, Map<String, String> explanations) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (Report.Warning w : warnings(reportId)) {
            kept.put(w.code(), w.explanation());
        }
        jdbc.sql("DELETE FROM report_warning WHERE report_id = ?").param(reportId).update();
        for (String code : found) {
            String given = explanations == null ? null : trim(explanations.get(code));
            jdbc.sql("INSERT INTO report_warning (report_id, code, explanation) VALUES (?, ?, ?)")
                    .params(reportId, code, given != null ? given : kept.get(code)).update();
        }
    }

    private void explain(long reportId, Map<String, String> explanations) {
        if (explanations == null) {
            return;
        }
        explanations.forEach((code, text) -> {
            if (trim(text) != null) {
                jdbc.sql("UPDATE report_warning SET explanation = ? WHERE report_id = ? AND code = ?")
                        .params(text.trim(), reportId, code).update();
            }
        });
    }

    // ---- reading ----

    private record Previous(BigDecimal ytd, BigDecimal sinceStart, LocalDate startedOn) {
    }

    /** The latest report in an earlier period of the same cadence: its year-to-date figure if of the same year. */
    private Previous previous(Period period, long projectId) {
        return jdbc.sql("""
                SELECT CASE WHEN op.year = :year THEN pr.ytd_amount ELSE 0 END AS ytd,
                       coalesce(pr.since_start_amount, pr.ytd_amount) AS since_start,
                       CASE WHEN op.year = :year THEN pr.started_on END AS started_on
                FROM progress_report pr JOIN report_period op ON op.id = pr.period_id
                WHERE pr.project_id = :project AND op.cadence = :cadence AND op.starts_on < :starts
                ORDER BY op.starts_on DESC LIMIT 1
                """).param("year", period.year()).param("project", projectId).param("cadence", period.cadence().name())
                .param("starts", period.startsOn())
                .query((rs, i) -> new Previous(rs.getBigDecimal("ytd"), rs.getBigDecimal("since_start"),
                        rs.getObject("started_on", LocalDate.class)))
                .optional().orElse(new Previous(BigDecimal.ZERO, null, null));
    }

    /** Whether a report of the same project, year and cadence exists in a later period. */
    private boolean later(Period period, long projectId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM progress_report pr JOIN report_period op ON op.id = pr.period_id
                               WHERE pr.project_id = ? AND op.cadence = ? AND op.year = ? AND op.starts_on > ?)
                """).params(projectId, period.cadence().name(), period.year(), period.startsOn()).query(Boolean.class).single();
    }

    private java.util.Optional<Report> find(long periodId, long projectId) {
        return jdbc.sql("SELECT * FROM progress_report WHERE period_id = ? AND project_id = ?").params(periodId, projectId)
                .query(this::report).optional();
    }

    private Report report(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Report(rs.getLong("id"), rs.getLong("period_id"), rs.getLong("project_id"),
                rs.getLong("region_id"), rs.getString("state"), rs.getBigDecimal("period_amount"),
                rs.getBigDecimal("ytd_amount"), rs.getBigDecimal("since_start_amount"),
                rs.getBoolean("started_this_year"), rs.getObject("started_on", LocalDate.class),
                rs.getBigDecimal("progress_percent"), rs.getString("image_progress"), rs.getString("problems_text"),
                (Long) rs.getObject("submitted_by"), rs.getObject("submitted_at", java.time.OffsetDateTime.class),
                rs.getInt("version"), warnings(rs.getLong("id")), details.procedures(rs.getLong("id")),
                details.milestones(rs.getLong("id")));
    }

    private List<Report.Warning> warnings(long reportId) {
        return jdbc.sql("SELECT code, explanation FROM report_warning WHERE report_id = ? ORDER BY code").param(reportId)
                .query((rs, i) -> new Report.Warning(rs.getString(1), text("warning." + rs.getString(1)), rs.getString(2)))
                .list();
    }

    // ---- helpers ----

    /**
     * The project, when the caller may report on it: an enterprise for its own projects, the
     * commissioner for theirs, coordinators in scope; outside scope or not covered by the period it
     * is not found.
     */
    private ProjectDetails reportable(Period period, long projectId, CurrentUser by) {
        ProjectDetails project = projects.get(projectId, by.scope());
        if (!periods.covers(period.id(), projectId)) {
            throw new NotFoundException("progress_report", projectId);
        }
        if (!mayReport(project, by)) {
            throw new ForbiddenException("error.forbidden");
        }
        return project;
    }

    private static void refuseReviewed(Report report) {
        if (!report.state().equals("DRAFT") && !report.state().equals("RETURNED")) {
            throw new InvalidInputException("state", "error.report.notEditable");
        }
    }

    /** A coordinator of the city or the province reviews as the city; one of a county or town as the county. */
    private boolean cityLevel(CurrentUser by) {
        if (by.is(Role.ADMIN)) {
            return true;
        }
        RegionLevel level = regions.get(by.regionId()).level();
        return level == RegionLevel.CITY || level == RegionLevel.PROVINCE;
    }

    private static LocalDate startInYear(ProjectDetails project, int year) {
        LocalDate start = project.actualStartDate();
        return start != null && start.getYear() == year ? start : null;
    }

    private String json(long reportId) {
        return jdbc.sql("""
                SELECT ((to_jsonb(pr) - 'updated_at') || jsonb_build_object(
                    'procedures', (SELECT coalesce(jsonb_agg(to_jsonb(p) - 'report_id' ORDER BY p.position), '[]')
                                   FROM report_procedure p WHERE p.report_id = pr.id),
                    'milestones', (SELECT coalesce(jsonb_agg(to_jsonb(m) - 'report_id' ORDER BY m.key), '[]')
                                   FROM report_milestone m WHERE m.report_id = pr.id)))::text
                FROM progress_report pr WHERE id = ?
                """).param(reportId)
                .query(String.class).single();
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    // ---- for photos and the report pages ----

    /** The project's report of the period, if any yet, when the caller sees the period and the project and the period covers it. */
    @Transactional(readOnly = true)
    java.util.Optional<Report> current(long periodId, long projectId, CurrentUser by) {
        periods.get(periodId, by);
        projects.get(projectId, by.scope());
        if (!periods.covers(periodId, projectId)) {
            throw new NotFoundException("progress_report", projectId);
        }
        return find(periodId, projectId);
    }

    /** The saved report the caller may still change, by the rules of {@link #save}: open period, draft or returned. */
    @Transactional(readOnly = true)
    Report changeable(long periodId, long projectId, CurrentUser by) {
        Period period = periods.get(periodId, by);
        reportable(period, projectId, by);
        if (period.closed()) {
            throw new InvalidInputException("periodId", "error.report.periodClosed");
        }
        Report report = find(periodId, projectId).orElseThrow(() -> new NotFoundException("progress_report", projectId));
        refuseReviewed(report);
        return report;
    }

    /** The procedures a new report of the project starts from: the previous report's (same cadence). */
    @Transactional(readOnly = true)
    List<Report.Procedure> defaultProcedures(long periodId, long projectId, CurrentUser by) {
        Period period = periods.get(periodId, by);
        projects.get(projectId, by.scope());
        return details.previous(period, projectId);
    }

    /** Whether the caller reports on the project (an enterprise on its own, others as they may edit it). */
    boolean mayReport(ProjectDetails project, CurrentUser by) {
        return mayReport(project.commissionerId(), by);
    }

    /** Whether the caller reports on a project of the commissioner, the project being in the caller's scope. */
    boolean mayReport(Long commissionerId, CurrentUser by) {
        return by.is(Role.ENTERPRISE) || by.scope().mayEdit(commissionerId);
    }

    /** The period's reports of the listed projects in the caller's scope ({@link Periods#reports}), by project. */
    @Transactional(readOnly = true)
    Map<Long, Report> ofPeriod(long periodId, List<Periods.Missing> listed) {
        Map<Long, Report> found = new LinkedHashMap<>();
        if (!listed.isEmpty()) {
            jdbc.sql("SELECT * FROM progress_report WHERE period_id = :period AND project_id IN (:projects)")
                    .param("period", periodId).param("projects", listed.stream().map(Periods.Missing::projectId).toList())
                    .query(this::report).list().forEach(r -> found.put(r.projectId(), r));
        }
        return found;
    }

    /** The state of a report the caller reviews (SUBMITTED for the county, COUNTY_REVIEWED for the city), null for a non-reviewer. */
    String reviews(CurrentUser by) {
        if (!by.scope().maintainsLibrary()) {
            return null;
        }
        return cityLevel(by) ? "COUNTY_REVIEWED" : "SUBMITTED";
    }

    /** The 形象进度 comparison form of a column or expression, for the set-based checks of {@link ReportBatch}. */
    static String normalised(String expression) {
        return NORMALISED.formatted(expression);
    }
}
