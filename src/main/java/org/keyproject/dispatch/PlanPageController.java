package org.keyproject.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ListEntry;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.keyproject.project.YearTarget;
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
 * A project's plan page (计划与节点): every version of a year's plan by month, the milestone chart
 * (挂图作战), and for those who may, the forms to create a plan by reverse scheduling, adjust a draft,
 * approve, re-plan and record actual dates. The project page loads the chart card from here.
 */
@Controller
class PlanPageController {

    private final Plans plans;
    private final PlanQueries queries;
    private final ProjectQueries projects;
    private final Texts texts;
    private final ObjectMapper json;

    PlanPageController(Plans plans, PlanQueries queries, ProjectQueries projects, Texts texts, ObjectMapper json) {
        this.plans = plans;
        this.queries = queries;
        this.projects = projects;
        this.texts = texts;
        this.json = json;
    }

    @GetMapping("/projects/{id}/plan")
    String show(@PathVariable long id, @RequestParam(required = false) Integer year,
                @AuthenticationPrincipal CurrentUser me, Model model) {
        return page(id, year, Map.of(), Map.of(), me, model);
    }

    /** The chart card alone, which the project page loads with htmx. */
    @GetMapping("/projects/{id}/plan/chart")
    String chartCard(@PathVariable long id, @RequestParam(required = false) Integer year,
                     @AuthenticationPrincipal CurrentUser me, Model model) {
        ProjectDetails project = projects.get(id, me.scope());
        addChart(project, queries.yearOrLatest(id, year), model);
        return "dispatch/plan :: chart";
    }

    @PostMapping("/projects/{id}/plan")
    String create(@PathVariable long id, @RequestParam MultiValueMap<String, String> raw,
                  @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        FormValues in = new FormValues(raw, texts);
        Integer year = in.value("year", Integer::valueOf);
        PlanForm form = new PlanForm(year, in.value("annualInvestment", BigDecimal::new), in.value("profile", SpreadProfile::valueOf),
                null, in.value("target", YearTarget::valueOf), in.value("targetDate", LocalDate::parse), null, null);
        return attempt(id, year, in, response, me, model, () -> plans.create(id, form, me).year());
    }

    @PostMapping("/projects/{id}/plan/{planId}")
    String update(@PathVariable long id, @PathVariable long planId, @RequestParam MultiValueMap<String, String> raw,
                  @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        Plan plan = planOf(id, planId, me);
        FormValues in = new FormValues(raw, texts);
        List<BigDecimal> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(in.value("month" + m, BigDecimal::new));
        }
        List<Milestone> milestones = new ArrayList<>();
        List<String> keys = raw.getOrDefault("key", List.of());
        List<String> names = raw.getOrDefault("name", List.of());
        List<String> dates = raw.getOrDefault("plannedOn", List.of());
        for (int i = 0; i < keys.size(); i++) {
            milestones.add(new Milestone(keys.get(i), i < names.size() ? names.get(i) : null,
                    in.parse("milestones[" + i + "].plannedOn", i < dates.size() ? dates.get(i) : null, LocalDate::parse)));
        }
        String newName = raw.getFirst("newName");
        if (newName != null && !newName.isBlank()) {
            milestones.add(new Milestone(null, newName, in.value("newPlannedOn", LocalDate::parse)));
        }
        SpreadProfile profile = in.value("profile", SpreadProfile::valueOf);
        PlanForm form = new PlanForm(null, in.value("annualInvestment", BigDecimal::new), profile,
                profile == SpreadProfile.CUSTOM ? months : null, in.value("target", YearTarget::valueOf), null, milestones,
                in.value("lockVersion", Integer::valueOf));
        return attempt(id, plan.year(), in, response, me, model, () -> plans.update(planId, form, me).year());
    }

    @PostMapping("/projects/{id}/plan/{planId}/approve")
    String approve(@PathVariable long id, @PathVariable long planId, @RequestParam(required = false) Integer lockVersion,
                   @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        Plan plan = planOf(id, planId, me);
        return attempt(id, plan.year(), new FormValues(null, texts), response, me, model, () -> plans.approve(planId, lockVersion, me).year());
    }

    @PostMapping("/projects/{id}/plan/{planId}/replan")
    String replan(@PathVariable long id, @PathVariable long planId, @AuthenticationPrincipal CurrentUser me,
                  HttpServletResponse response, Model model) {
        Plan plan = planOf(id, planId, me);
        return attempt(id, plan.year(), new FormValues(null, texts), response, me, model, () -> plans.replan(planId, me).year());
    }

    @PostMapping("/projects/{id}/plan/actual")
    String recordActual(@PathVariable long id, @RequestParam MultiValueMap<String, String> raw,
                        @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        FormValues in = new FormValues(raw, texts);
        Integer year = in.value("year", Integer::valueOf);
        LocalDate reachedOn = in.value("reachedOn", LocalDate::parse);
        return attempt(id, year, in, response, me, model, () -> {
            plans.recordActual(id, raw.getFirst("key"), reachedOn, me);
            return year;
        });
    }

    // ---- helpers ----

    /** Runs a change and goes back to the page; refused input shows the page again with every problem. */
    private String attempt(long id, Integer year, FormValues in, HttpServletResponse response, CurrentUser me, Model model,
                           Supplier<Integer> change) {
        FormValues.Outcome<Integer> outcome = in.attempt(change);
        if (outcome.done()) {
            return "redirect:/projects/" + id + "/plan" + (outcome.value() == null ? "" : "?year=" + outcome.value());
        }
        response.setStatus(400);
        return page(id, year, in.values, outcome.errors(), me, model);
    }

    private String page(long id, Integer year, Map<String, String> values, Map<String, List<String>> errors,
                        CurrentUser me, Model model) {
        ProjectDetails project = projects.get(id, me.scope());
        int shown = queries.yearOrLatest(id, year);
        List<Plan> versions = queries.plans(id, shown);
        TreeSet<Integer> years = new TreeSet<>(queries.years(id));
        years.add(LocalDate.now(Plans.ZONE).getYear());
        years.add(shown);
        projects.listEntries(id).stream().map(ListEntry::year).forEach(years::add);
        model.addAttribute("years", years.descendingSet());
        model.addAttribute("year", shown);
        model.addAttribute("versions", versions);
        model.addAttribute("draft", versions.stream().filter(Plan::draft).findFirst().orElse(null));
        model.addAttribute("latestApproved", versions.stream().filter(p -> !p.draft()).reduce((a, b) -> b).orElse(null));
        model.addAttribute("mayEdit", me.scope().mayEdit(project.commissionerId()));
        model.addAttribute("mayApprove", me.scope().maintainsLibrary());
        model.addAttribute("profiles", SpreadProfile.values());
        model.addAttribute("targets", YearTarget.values());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("today", LocalDate.now(Plans.ZONE));
        addChart(project, shown, model);
        return "dispatch/plan";
    }

    private void addChart(ProjectDetails project, int year, Model model) {
        MilestoneChart chart = queries.chart(project.id(), year, LocalDate.now(Plans.ZONE));
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : List.of("baseline", "current", "actual", "late", "today")) {
            labels.put(key, texts.text("plan.chart." + key));
        }
        model.addAttribute("project", project);
        model.addAttribute("chart", chart);
        try {
            model.addAttribute("chartJson", json.writeValueAsString(chart));
            model.addAttribute("chartLabels", json.writeValueAsString(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Plan planOf(long projectId, long planId, CurrentUser me) {
        Plan plan = queries.get(planId, me.scope());
        if (plan.projectId() != projectId) {
            throw new NotFoundException("plan", planId);
        }
        return plan;
    }
}
