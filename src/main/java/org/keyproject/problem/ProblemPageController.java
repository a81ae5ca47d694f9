package org.keyproject.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.StaleVersionException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.keyproject.web.Texts;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The problem pages, phone first: the list of open problems with owner and deadline (清单制), a
 * problem with its history and the forms of whoever may act on it, raising a problem from a project,
 * and the problems card the project page loads (htmx) so that the project module needs nothing of this one.
 */
@Controller
class ProblemPageController {

    static final int PAGE_SIZE = 20;
    private static final int DEPARTMENT_CHOICES = 500;

    private final ProblemQueries queries;
    private final Problems problems;
    private final ProblemAttachments attachments;
    private final ProblemStatistics statistics;
    private final ProjectQueries projects;
    private final People people;
    private final Texts texts;

    ProblemPageController(ProblemQueries queries, Problems problems, ProblemAttachments attachments,
                          ProblemStatistics statistics, ProjectQueries projects, People people, Texts texts) {
        this.queries = queries;
        this.problems = problems;
        this.attachments = attachments;
        this.statistics = statistics;
        this.projects = projects;
        this.people = people;
        this.texts = texts;
    }

    /**
     * show: open (default, every problem not yet closed or dismissed), all, or one state; the other
     * filters as the API's.
     */
    @GetMapping("/problems")
    String list(@RequestParam(defaultValue = "open") String show, @RequestParam(required = false) Long departmentId,
                @RequestParam(required = false) ProblemCategory category,
                @RequestParam(defaultValue = "false") boolean overdue, @RequestParam(defaultValue = "false") boolean listed,
                @RequestParam(defaultValue = "false") boolean candidate, @RequestParam(defaultValue = "0") int page,
                @AuthenticationPrincipal CurrentUser me, Model model) {
        List<ProblemState> states = switch (show) {
            case "all" -> List.of();
            case "open" -> List.copyOf(ProblemState.OPEN);
            default -> Arrays.stream(ProblemState.values()).filter(s -> s.name().equals(show)).toList();
        };
        ProblemFilter filter = new ProblemFilter(states, departmentId, null, category, overdue ? Boolean.TRUE : null,
                listed ? Boolean.TRUE : null, null, candidate ? Boolean.TRUE : null);
        model.addAttribute("result", queries.list(filter, me.scope(), page, PAGE_SIZE));
        model.addAttribute("exportUrl", exportUrl(show, states, filter));
        model.addAttribute("show", show);
        model.addAttribute("departmentId", departmentId);
        model.addAttribute("category", category);
        model.addAttribute("overdue", overdue);
        model.addAttribute("listed", listed);
        model.addAttribute("candidate", candidate);
        model.addAttribute("states", ProblemState.values());
        model.addAttribute("categories", ProblemCategory.values());
        model.addAttribute("departments", departments());
        return "problem/list";
    }

    /** 问题统计: the API's statistics as phone-sized tables, one grouping at a time; a region's line opens its children. */
    @GetMapping("/problems/statistics")
    String statistics(@RequestParam(required = false) Long regionId,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                      @RequestParam(defaultValue = "DEPARTMENT") ProblemStatistics.Grouping groupBy,
                      @AuthenticationPrincipal CurrentUser me, Model model) {
        LocalDate today = ProblemQueries.today();
        model.addAttribute("stats", statistics.statistics(regionId, me.regionId(), from == null ? today.withDayOfYear(1) : from,
                to == null ? today : to, groupBy, me.scope()));
        model.addAttribute("regionId", regionId);
        model.addAttribute("groupings", ProblemStatistics.Grouping.values());
        return "problem/statistics";
    }

    /** The export of what the list shows: the open problems unless a state is chosen (every state for "all"). */
    private static String exportUrl(String show, List<ProblemState> states, ProblemFilter filter) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/problems/export");
        if (!"open".equals(show)) {
            (states.isEmpty() ? Arrays.asList(ProblemState.values()) : states).forEach(s -> url.queryParam("state", s));
        }
        BiConsumer<String, Object> param = (name, value) -> {
            if (value != null) {
                url.queryParam(name, value);
            }
        };
        param.accept("departmentId", filter.departmentId());
        param.accept("category", filter.category());
        param.accept("overdue", filter.overdue());
        param.accept("listed", filter.listed());
        param.accept("candidate", filter.candidate());
        return url.build().toUriString();
    }

    @GetMapping("/problems/{id}")
    String show(@PathVariable long id, @AuthenticationPrincipal CurrentUser me, Model model) {
        return show(queries.get(id, me.scope()), Map.of(), me, model);
    }

    @PostMapping("/problems/{id}/transitions")
    String transition(@PathVariable long id, @ModelAttribute Problems.Transition form, BindingResult binding,
                      @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        return act(id, binding, me, response, model, () -> problems.transition(id, form, me));
    }

    @PostMapping("/problems/{id}/deadline")
    String deadline(@PathVariable long id, @ModelAttribute Problems.DeadlineChange form, BindingResult binding,
                    @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        return act(id, binding, me, response, model, () -> problems.changeDeadline(id, form, me));
    }

    @PostMapping("/problems/{id}/listing")
    String listing(@PathVariable long id, @ModelAttribute Problems.Listing form, BindingResult binding,
                   @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        return act(id, binding, me, response, model, () -> problems.list(id, form, me));
    }

    @PostMapping("/problems/{id}/attachments")
    String attach(@PathVariable long id, @RequestParam("file") MultipartFile file, @AuthenticationPrincipal CurrentUser me,
                  HttpServletResponse response, Model model) throws IOException {
        byte[] bytes = file.getBytes();
        return act(id, null, me, response, model, () -> {
            attachments.upload(id, file.getOriginalFilename(), bytes, me);
            return null;
        });
    }

    @GetMapping("/projects/{projectId}/problems/new")
    String raiseForm(@PathVariable long projectId, @AuthenticationPrincipal CurrentUser me, Model model) {
        return raiseForm(projects.get(projectId, me.scope()), Map.of(), Map.of(), model);
    }

    @PostMapping("/projects/{projectId}/problems")
    String raise(@PathVariable long projectId, @RequestParam Map<String, String> raw, @ModelAttribute Problems.NewProblem form,
                 BindingResult binding, @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        ProjectDetails project = projects.get(projectId, me.scope());
        Map<String, List<String>> errors = bindingErrors(binding);
        if (errors.isEmpty()) {
            try {
                Problem created = problems.raise(new Problems.NewProblem(projectId, form.category(), form.title(),
                        form.description(), form.directLine()), me);
                return "redirect:/problems/" + created.id();
            } catch (InvalidInputException e) {
                errors = byField(e);
            }
        }
        response.setStatus(400);
        return raiseForm(project, raw, errors, model);
    }

    /** The card on the project page: its open problems and the way to raise one. */
    @GetMapping("/projects/{projectId}/problems/card")
    String card(@PathVariable long projectId, @AuthenticationPrincipal CurrentUser me, Model model) {
        ProjectDetails project = projects.get(projectId, me.scope());
        ProblemFilter open = new ProblemFilter(List.copyOf(ProblemState.OPEN), null, null, null, null, null, projectId, null);
        model.addAttribute("project", project);
        model.addAttribute("result", queries.list(open, me.scope(), 0, 5));
        model.addAttribute("mayRaise", Problems.RAISERS.contains(me.role()));
        return "problem/card :: card";
    }

    private interface Action {
        Problem run();
    }

    /** Runs a change from a form: back to the problem when done, or its page again with each refused field. */
    private String act(long id, BindingResult binding, CurrentUser me, HttpServletResponse response, Model model, Action action) {
        Map<String, List<String>> errors = binding == null ? new LinkedHashMap<>() : bindingErrors(binding);
        if (errors.isEmpty()) {
            try {
                action.run();
                return "redirect:/problems/" + id;
            } catch (InvalidInputException e) {
                errors = byField(e);
            } catch (StaleVersionException e) {
                errors.put("version", List.of(texts.text("error.stale")));
            }
        }
        response.setStatus(errors.containsKey("version") ? 409 : 400);
        return show(queries.get(id, me.scope()), errors, me, model);
    }

    private String show(Problem problem, Map<String, List<String>> errors, CurrentUser me, Model model) {
        boolean coordinator = me.scope().maintainsLibrary();
        model.addAttribute("problem", problem);
        model.addAttribute("actions", Problems.allowedActions(problem, me));
        model.addAttribute("mayManage", coordinator && problem.state().open());
        model.addAttribute("mayList", coordinator && (problem.state().open() || problem.listed()));
        model.addAttribute("mayAttach", Problems.mayAttach(problem, me));
        model.addAttribute("errors", errors);
        model.addAttribute("categories", ProblemCategory.values());
        model.addAttribute("categoryDays", queries.categoryDeadlines());
        model.addAttribute("departments", coordinator && problem.state() == ProblemState.RAISED ? departments() : List.of());
        return "problem/show";
    }

    private String raiseForm(ProjectDetails project, Map<String, String> values, Map<String, List<String>> errors, Model model) {
        model.addAttribute("project", project);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("categories", ProblemCategory.values());
        return "problem/new";
    }

    private List<org.keyproject.people.Organization> departments() {
        return people.organizations(OrganizationKind.DEPARTMENT, "/", DEPARTMENT_CHOICES);
    }

    private Map<String, List<String>> bindingErrors(BindingResult binding) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldError fe : binding.getFieldErrors()) {
            errors.computeIfAbsent(fe.getField(), k -> new ArrayList<>())
                    .add(texts.text("error.badValue", texts.fieldLabel(fe.getField()), String.valueOf(fe.getRejectedValue())));
        }
        return errors;
    }

    private Map<String, List<String>> byField(InvalidInputException e) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldProblem p : e.problems()) {
            errors.computeIfAbsent(p.field(), k -> new ArrayList<>()).add(texts.text(p));
        }
        return errors;
    }
}
