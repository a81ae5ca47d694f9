package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.web.Texts;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The county's grid of a period (调度表): every report of the period in the caller's scope in one
 * table, each row saved on change with htmx through {@link Reports#save}, the row coming back with
 * its derived figures or with its refused fields marked. A phone scrolls the table sideways.
 */
@Controller
class ReportGridController {

    private final Periods periods;
    private final Reports reports;
    private final Texts texts;

    ReportGridController(Periods periods, Reports reports, Texts texts) {
        this.periods = periods;
        this.reports = reports;
        this.texts = texts;
    }

    /**
     * One row: the listed project, its report (null while none), whether the caller may still change
     * it, the values shown (as saved, or as typed when refused) and the refused fields' reasons.
     */
    record Row(Periods.Missing project, Report report, boolean editable, Map<String, String> values,
               Map<String, List<String>> errors) {
    }

    @GetMapping("/periods/{id}/grid")
    String grid(@PathVariable long id, @AuthenticationPrincipal CurrentUser me, Model model) {
        Period period = periods.get(id, me);
        List<Periods.Missing> listed = periods.reports(id, null, me);
        Map<Long, Report> saved = reports.ofPeriod(id, listed);
        List<Row> rows = new ArrayList<>(listed.size());
        for (Periods.Missing project : listed) {
            rows.add(row(period, project, saved.get(project.projectId()), null, Map.of(), me));
        }
        model.addAttribute("period", period);
        model.addAttribute("rows", rows);
        model.addAttribute("today", LocalDate.now(Plans.ZONE));
        return "dispatch/grid";
    }

    /** Saves one row (htmx, on change) and answers the row again: the saved report, or the typed values with the reasons. */
    @PostMapping("/periods/{id}/grid/{projectId}")
    String save(@PathVariable long id, @PathVariable long projectId, @RequestParam MultiValueMap<String, String> raw,
                @AuthenticationPrincipal CurrentUser me, Model model) {
        Period period = periods.get(id, me);
        Periods.Missing project = periods.reports(id, null, me).stream().filter(p -> p.projectId() == projectId).findFirst()
                .orElseThrow(() -> new NotFoundException("progress_report", projectId));
        Report current = reports.current(id, projectId, me).orElse(null);
        FormValues in = new FormValues(raw, texts);
        // what the grid does not show is kept as the report has it
        Report.Form form = new Report.Form(in.value("periodAmount", BigDecimal::new), null, in.value("startedOn", LocalDate::parse),
                in.value("progressPercent", BigDecimal::new), in.values.get("imageProgress"),
                current == null ? null : current.problemsText(), null, in.value("version", Integer::valueOf), null, null);
        FormValues.Outcome<Report> outcome = in.attempt(() -> reports.save(id, projectId, form, me));
        Row row = outcome.done() ? row(period, project, outcome.value(), null, Map.of(), me)
                : row(period, project, reports.current(id, projectId, me).orElse(null), in.values, outcome.errors(), me);
        model.addAttribute("period", period);
        model.addAttribute("r", row);
        model.addAttribute("today", LocalDate.now(Plans.ZONE));
        // answered 200 even when refused: htmx swaps the row with its marked fields in place
        return "dispatch/grid :: row";
    }

    private Row row(Period period, Periods.Missing project, Report report, Map<String, String> typed,
                    Map<String, List<String>> errors, CurrentUser me) {
        boolean editable = !period.closed() && reports.mayReport(project.commissionerId(), me)
                && (report == null || "DRAFT".equals(report.state()) || "RETURNED".equals(report.state()));
        Map<String, String> values = new LinkedHashMap<>();
        if (report != null) {
            values.put("periodAmount", ReportPageController.plain(report.periodAmount()));
            values.put("startedOn", report.startedOn() == null ? null : report.startedOn().toString());
            values.put("imageProgress", report.imageProgress());
            values.put("progressPercent", ReportPageController.plain(report.progressPercent()));
            values.put("version", String.valueOf(report.version()));
        }
        if (typed != null) {
            values.putAll(typed);
            if (report != null) {
                values.put("version", String.valueOf(report.version()));
            }
        }
        return new Row(project, report, editable, values, errors);
    }
}
