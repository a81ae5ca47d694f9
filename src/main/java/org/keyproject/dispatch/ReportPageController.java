package org.keyproject.dispatch;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.keyproject.web.Texts;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The reporting pages (调度填报): the caller's open periods with the reports in their scope, and one
 * report's page, where a reporter fills in, adds photos, explains warnings and submits, and a
 * reviewer approves or returns with a reason. Built for a phone first.
 */
@Controller
class ReportPageController {

    /** The states a coordinator filters by; NONE is a listed project without a report yet. */
    static final List<String> STATES = List.of("NONE", "DRAFT", "SUBMITTED", "RETURNED", "COUNTY_REVIEWED", "CITY_CONFIRMED");

    private final Periods periods;
    private final Reports reports;
    private final ReportPhotos photos;
    private final ReportHistory history;
    private final ProjectQueries projects;
    private final Texts texts;

    ReportPageController(Periods periods, Reports reports, ReportPhotos photos, ReportHistory history,
                         ProjectQueries projects, Texts texts) {
        this.periods = periods;
        this.reports = reports;
        this.photos = photos;
        this.history = history;
        this.projects = projects;
        this.texts = texts;
    }

    /** An open period and the listed projects of the caller's scope with their report's state. */
    record PeriodReports(Period period, List<Periods.Missing> rows) {
    }

    @GetMapping("/reports")
    String list(@RequestParam(required = false) String state, @AuthenticationPrincipal CurrentUser me, Model model) {
        String shown = state != null && STATES.contains(state) ? state : null;
        List<PeriodReports> open = new ArrayList<>();
        for (Period period : periods.list(null, me)) {
            if (!period.closed()) {
                open.add(new PeriodReports(period, periods.reports(period.id(), shown, me)));
            }
        }
        model.addAttribute("periods", open);
        model.addAttribute("state", shown);
        model.addAttribute("states", STATES);
        model.addAttribute("mayFilter", me.scope().maintainsLibrary());
        return "dispatch/reports";
    }

    @GetMapping("/periods/{id}/reports/{projectId}")
    String show(@PathVariable long id, @PathVariable long projectId, @AuthenticationPrincipal CurrentUser me, Model model) {
        return page(id, projectId, null, Map.of(), me, model);
    }

    /** Saves the report, and with action=submit submits it right after. */
    @PostMapping("/periods/{id}/reports/{projectId}")
    String save(@PathVariable long id, @PathVariable long projectId, @RequestParam MultiValueMap<String, String> raw,
                @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        FormValues in = new FormValues(raw, texts);
        String amountField = "ytd".equals(in.values.get("amountKind")) ? "ytdAmount" : "periodAmount";
        BigDecimal amount = in.parse(amountField, in.values.get("amount"), BigDecimal::new);
        Map<String, String> explanations = new LinkedHashMap<>();
        in.values.forEach((name, text) -> {
            if (name.startsWith("explanation.")) {
                explanations.put(name.substring("explanation.".length()), text);
            }
        });
        // the table rows actually sent, by row of the page, so that a refused procedures[i] marks its row
        List<Integer> procedureRows = new ArrayList<>();
        List<Report.Procedure> procedures = new ArrayList<>();
        for (int row = 0; in.values.containsKey("procedure." + row + ".kind"); row++) {
            String field = "procedure." + row + ".";
            if (blank(in.values.get(field + "state")) && blank(in.values.get(field + "name"))) {
                continue;
            }
            procedures.add(new Report.Procedure(in.values.get(field + "kind"), in.values.get(field + "name"),
                    blank(in.values.get(field + "state")) ? null : in.values.get(field + "state"),
                    in.value(field + "date", LocalDate::parse)));
            procedureRows.add(row);
        }
        List<Integer> milestoneRows = new ArrayList<>();
        List<Report.Reached> milestones = new ArrayList<>();
        for (int row = 0; in.values.containsKey("milestone." + row + ".key"); row++) {
            String field = "milestone." + row + ".";
            if (blank(in.values.get(field + "key")) && blank(in.values.get(field + "reachedOn"))) {
                continue;
            }
            milestones.add(new Report.Reached(in.values.get(field + "key"), in.value(field + "reachedOn", LocalDate::parse)));
            milestoneRows.add(row);
        }
        Report.Form form = new Report.Form(amountField.equals("periodAmount") ? amount : null,
                amountField.equals("ytdAmount") ? amount : null, in.value("startedOn", LocalDate::parse),
                in.value("progressPercent", BigDecimal::new), in.values.get("imageProgress"), in.values.get("problemsText"),
                explanations, in.value("version", Integer::valueOf), procedures, milestones);
        boolean submit = "submit".equals(in.values.get("action"));
        return attempt(id, projectId, in, response, me, model, () -> {
            try {
                Report saved = reports.save(id, projectId, form, me);
                return submit ? reports.submit(id, projectId, explanations, saved.version(), me) : saved;
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.problems().stream()
                        .map(p -> onRow(onRow(p, "procedures", "procedure", procedureRows), "milestones", "milestone", milestoneRows))
                        .toList());
            }
        });
    }

    /** A problem of list[i].field named as the page's row: prefix.row.field. */
    private static FieldProblem onRow(FieldProblem p, String list, String prefix, List<Integer> rows) {
        Matcher m = Pattern.compile(Pattern.quote(list) + "\\[(\\d+)]\\.(.+)").matcher(p.field());
        if (!m.matches()) {
            return p;
        }
        return new FieldProblem(prefix + "." + rows.get(Integer.parseInt(m.group(1))) + "." + m.group(2), p.messageKey(), p.args());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @PostMapping("/periods/{id}/reports/{projectId}/photos")
    String upload(@PathVariable long id, @PathVariable long projectId, @RequestParam("photo") MultipartFile file,
                  @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) throws IOException {
        byte[] bytes = file.getBytes();
        return attempt(id, projectId, new FormValues(null, texts), response, me, model,
                () -> photos.upload(id, projectId, file.getOriginalFilename(), bytes, me));
    }

    @PostMapping("/periods/{id}/reports/{projectId}/review")
    String review(@PathVariable long id, @PathVariable long projectId, @RequestParam MultiValueMap<String, String> raw,
                  @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        FormValues in = new FormValues(raw, texts);
        Reports.Action action = in.value("decision", Reports.Action::valueOf);
        return attempt(id, projectId, in, response, me, model,
                () -> reports.review(id, projectId, action, in.values.get("reason"), me));
    }

    // ---- helpers ----

    /** Runs a change and goes back to the report; refused input shows the page again with each field's reasons. */
    private String attempt(long id, long projectId, FormValues in, HttpServletResponse response, CurrentUser me, Model model,
                           Supplier<?> change) {
        FormValues.Outcome<?> outcome = in.attempt(change);
        if (outcome.done()) {
            return "redirect:/periods/" + id + "/reports/" + projectId;
        }
        response.setStatus(400);
        return page(id, projectId, in.values, outcome.errors(), me, model);
    }

    private String page(long id, long projectId, Map<String, String> typed, Map<String, List<String>> errors,
                        CurrentUser me, Model model) {
        Period period = periods.get(id, me);
        ProjectDetails project = projects.get(projectId, me.scope());
        Report report = reports.current(id, projectId, me).orElse(null);
        boolean editable = report == null || "DRAFT".equals(report.state()) || "RETURNED".equals(report.state());
        String reviews = reports.reviews(me);
        List<ReportHistory.Step> steps = report == null ? List.of() : history.of(report.id());
        model.addAttribute("period", period);
        model.addAttribute("project", project);
        model.addAttribute("report", report);
        model.addAttribute("photos", photos.list(id, projectId, me));
        model.addAttribute("history", steps);
        model.addAttribute("lastReturn", report != null && "RETURNED".equals(report.state())
                ? steps.stream().filter(ReportHistory.Step::returned).findFirst().orElse(null) : null);
        model.addAttribute("mayReport", reports.mayReport(project, me) && editable && !period.closed());
        model.addAttribute("mayReview", report != null && reviews != null && reviews.equals(report.state()) && !period.closed());
        Map<String, String> values = values(report);
        if (typed != null) {
            values.putAll(typed);
        }
        if (report != null) {
            // a save may have gone through before the submit was refused: the next attempt builds on it
            values.put("version", String.valueOf(report.version()));
        }
        // the procedure table: the five kinds, then the named ones, then an empty one to add
        List<Report.Procedure> procedures = new ArrayList<>();
        List<Report.Procedure> saved = report != null ? report.procedures() : reports.defaultProcedures(id, projectId, me);
        for (String kind : ReportDetails.KINDS.subList(0, ReportDetails.KINDS.size() - 1)) {
            procedures.add(saved.stream().filter(p -> p.kind().equals(kind)).findFirst()
                    .orElse(new Report.Procedure(kind, null, null, null)));
        }
        saved.stream().filter(p -> p.kind().equals("OTHER")).forEach(procedures::add);
        procedures.add(new Report.Procedure("OTHER", null, null, null));
        for (int row = 0; row < procedures.size(); row++) {
            Report.Procedure p = procedures.get(row);
            values.putIfAbsent("procedure." + row + ".name", p.name());
            values.putIfAbsent("procedure." + row + ".state", p.state());
            values.putIfAbsent("procedure." + row + ".date", p.date() == null ? null : p.date().toString());
        }
        List<Report.Reached> reached = new ArrayList<>(report == null ? List.of() : report.milestones());
        reached.add(new Report.Reached(null, null));
        for (int row = 0; row < reached.size(); row++) {
            Report.Reached r = reached.get(row);
            values.putIfAbsent("milestone." + row + ".key", r.key());
            values.putIfAbsent("milestone." + row + ".reachedOn", r.reachedOn() == null ? null : r.reachedOn().toString());
        }
        model.addAttribute("procedures", procedures);
        model.addAttribute("procedureStates", ReportDetails.STATES);
        model.addAttribute("reached", reached);
        model.addAttribute("milestoneKeys", MilestoneTemplates.of(project.category()).stream().map(MilestoneTemplates.Step::key).toList());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("today", LocalDate.now(Plans.ZONE));
        return "dispatch/report";
    }

    /** The form's values from the saved report: its period amount (the year-to-date figure is derived again). */
    private static Map<String, String> values(Report report) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("amountKind", "period");
        if (report != null) {
            values.put("amount", plain(report.periodAmount()));
            values.put("startedOn", report.startedOn() == null ? null : report.startedOn().toString());
            values.put("progressPercent", plain(report.progressPercent()));
            values.put("imageProgress", report.imageProgress());
            values.put("problemsText", report.problemsText());
            for (Report.Warning w : report.warnings()) {
                values.put("explanation." + w.code(), w.explanation());
            }
        }
        return values;
    }

    /** An amount or percentage as typed back into a form: no exponent, no trailing zeros. */
    static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
