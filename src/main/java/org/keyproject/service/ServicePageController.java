package org.keyproject.service;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.keyproject.problem.Problem;
import org.keyproject.problem.ProblemCategory;
import org.keyproject.problem.ProblemFilter;
import org.keyproject.problem.ProblemRow;
import org.keyproject.problem.ProblemState;
import org.keyproject.problem.Problems;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectFilter;
import org.keyproject.project.ProjectQueries;
import org.keyproject.project.ProjectRow;
import org.keyproject.web.Texts;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages of the service ledger, built for a phone first: the ledger with its filters and counts,
 * the quick form to log a visit at the site, the leaders short of site visits, the broken promises,
 * and the promise card of a project page (loaded by htmx).
 */
@Controller
class ServicePageController {

    private static final int PROJECT_CHOICES = 200;
    private static final int PROBLEM_CHOICES = 100;

    private final Services services;
    private final ServiceStatistics statistics;
    private final Promises promises;
    private final ProjectQueries projects;
    private final Problems problems;
    private final Texts texts;

    ServicePageController(Services services, ServiceStatistics statistics, Promises promises, ProjectQueries projects,
                          Problems problems, Texts texts) {
        this.services = services;
        this.statistics = statistics;
        this.promises = promises;
        this.projects = projects;
        this.problems = problems;
        this.texts = texts;
    }

    @GetMapping("/services")
    String list(@RequestParam(required = false) ServiceKind kind, @RequestParam(required = false) Long projectId,
                @RequestParam(required = false) Long personId,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Long logged,
                @AuthenticationPrincipal CurrentUser me, Model model) {
        LocalDate today = LocalDate.now(Services.ZONE);
        LocalDate first = from == null ? today.withDayOfYear(1) : from;
        LocalDate last = to == null ? today : to;
        model.addAttribute("result", services.list(new ServiceFilter(kind, personId, null, projectId, first, last, null),
                me.scope(), page, 20));
        model.addAttribute("stats", statistics.summary(null, me.regionId(), first, last, me.scope()));
        model.addAttribute("kinds", ServiceKind.values());
        model.addAttribute("kind", kind);
        model.addAttribute("projectId", projectId);
        model.addAttribute("personId", personId);
        model.addAttribute("from", first);
        model.addAttribute("to", last);
        model.addAttribute("logged", logged);
        return "service/list";
    }

    @GetMapping("/services/new")
    String newService(@RequestParam(required = false) Long projectId, @AuthenticationPrincipal CurrentUser me, Model model) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kind", ServiceKind.SITE_VISIT.name());
        values.put("servedOn", LocalDate.now(Services.ZONE).toString());
        if (projectId != null) {
            values.put("projectId", String.valueOf(projects.get(projectId, me.scope()).id()));
        }
        return form(values, Map.of(), me, model);
    }

    @PostMapping("/services")
    String log(@RequestParam MultiValueMap<String, String> raw, @AuthenticationPrincipal CurrentUser me,
               HttpServletResponse response, Model model) {
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((name, v) -> {
            if (!v.isEmpty() && !name.startsWith("_") && !v.get(0).isBlank()) {
                values.put(name, v.get(0).trim());
            }
        });
        List<FieldProblem> problems = new ArrayList<>();
        ServiceKind kind = parse(values, "kind", ServiceKind::valueOf, problems);
        Long projectId = parse(values, "projectId", Long::valueOf, problems);
        LocalDate day = parse(values, "servedOn", LocalDate::parse, problems);
        PermitType permitType = parse(values, "permitType", PermitType::valueOf, problems);
        ProblemCategory newCategory = parse(values, "newProblemCategory", ProblemCategory::valueOf, problems);
        if (projectId == null && !values.containsKey("projectId")) {
            problems.add(new FieldProblem("projectId", "error.required"));
        }
        // each open problem of the project offered on the form: problem-<id> = RAISED (反映) or CLOSED (协调解决)
        List<Long> raised = new ArrayList<>();
        List<Long> closed = new ArrayList<>();
        values.forEach((name, value) -> {
            if (name.matches("problem-\\d{1,18}") && (value.equals("RAISED") || value.equals("CLOSED"))) {
                (value.equals("RAISED") ? raised : closed).add(Long.valueOf(name.substring("problem-".length())));
            }
        });
        List<ServiceForm.NewProblem> newProblems = values.containsKey("newProblemTitle") || newCategory != null
                ? List.of(new ServiceForm.NewProblem(newCategory, values.get("newProblemTitle"), null, null)) : List.of();
        if (problems.isEmpty()) {
            List<Long> participants = new ArrayList<>();
            if ("true".equals(values.get("leaderPresent"))) {
                Long leader = projects.get(projectId, me.scope()).leaderId();
                if (leader != null) {
                    participants.add(leader);
                }
            }
            Boolean inParallel = kind == ServiceKind.PARALLEL_APPROVAL ? Boolean.valueOf("true".equals(values.get("inParallel"))) : null;
            try {
                ServiceRecord logged = services.log(new ServiceForm(kind, projectId, null, participants, day,
                        values.get("content"), values.get("outcome"), permitType, values.get("permitName"), inParallel, null,
                        raised, closed, newProblems), me);
                return "redirect:/services?logged=" + logged.id();
            } catch (InvalidInputException e) {
                problems.addAll(e.problems());
            }
        }
        response.setStatus(400);
        return form(values, byField(problems), me, model);
    }

    /** The open problems of the project chosen on the quick form, each to mark as raised or helped close (htmx). */
    @GetMapping("/services/new/problems")
    String formProblems(@RequestParam(required = false) Long projectId, @RequestParam Map<String, String> values,
                        @AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("openProblems", openProblems(projectId, me));
        model.addAttribute("values", values);
        return "service/new :: problems";
    }

    /** The problems of the project not yet closed or dismissed, for the form; none without a project. */
    private List<ProblemRow> openProblems(Long projectId, CurrentUser me) {
        return projectId == null ? List.of() : problems.list(new ProblemFilter(
                List.of(ProblemState.RAISED, ProblemState.ASSIGNED, ProblemState.IN_PROGRESS, ProblemState.ANSWERED), null, null,
                null, null, null, projects.get(projectId, me.scope()).id(), null), me.scope(), 0, PROBLEM_CHOICES).items();
    }

    /** The services that raised or helped close a problem, for the problem's page (htmx); 404 when the problem is not seen. */
    @GetMapping("/problems/{id}/services")
    String problemServices(@PathVariable long id, @AuthenticationPrincipal CurrentUser me, Model model) {
        Problem problem = problems.find(id, me.scope()).orElseThrow(() -> new NotFoundException("problem", id));
        model.addAttribute("problem", problem);
        model.addAttribute("result", services.list(new ServiceFilter(null, null, null, problem.projectId(), null, null, id),
                me.scope(), 0, PROBLEM_CHOICES));
        return "service/problem :: card";
    }

    @GetMapping("/services/leaders")
    String leaders(@RequestParam(required = false) YearMonth month, @RequestParam(required = false) Long regionId,
                   @AuthenticationPrincipal CurrentUser me, Model model) {
        YearMonth asked = month == null ? YearMonth.now(Services.ZONE).minusMonths(1) : month;
        model.addAttribute("shortfalls", statistics.leaderShortfalls(regionId, me.regionId(), asked, me.scope()));
        model.addAttribute("previous", asked.minusMonths(1));
        model.addAttribute("next", asked.plusMonths(1));
        return "service/leaders";
    }

    @GetMapping("/services/promises")
    String promiseList(@RequestParam(required = false) String broken, @RequestParam(required = false) Promises.State state,
                       @RequestParam(required = false) Long departmentId, @RequestParam(defaultValue = "0") int page,
                       @AuthenticationPrincipal CurrentUser me, Model model) {
        boolean onlyBroken = broken != null && !"false".equals(broken);
        model.addAttribute("result", promises.list(new Promises.PromiseFilter(state, onlyBroken, departmentId, null,
                LocalDate.now(Services.ZONE)), me.scope(), page, 50));
        model.addAttribute("broken", onlyBroken);
        model.addAttribute("state", state);
        model.addAttribute("states", Promises.State.values());
        model.addAttribute("departmentId", departmentId);
        return "service/promises";
    }

    /** The promise card of a project page; empty when the project has none. */
    @GetMapping("/projects/{id}/promises")
    String promiseCard(@PathVariable long id, @AuthenticationPrincipal CurrentUser me, Model model) {
        ProjectDetails project = projects.get(id, me.scope());
        model.addAttribute("project", project);
        model.addAttribute("promises", promises.ofProject(project.id(), LocalDate.now(Services.ZONE)));
        return "service/card :: card";
    }

    private String form(Map<String, String> values, Map<String, List<String>> errors, CurrentUser me, Model model) {
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("kinds", ServiceKind.values());
        model.addAttribute("permitTypes", PermitType.values());
        model.addAttribute("choices", myProjects(me, values.get("projectId")));
        model.addAttribute("categories", ProblemCategory.values());
        model.addAttribute("mayRaise", !me.is(Role.DEPARTMENT));
        String asked = values.get("projectId");
        model.addAttribute("openProblems", asked != null && asked.matches("\\d{1,18}")
                && projects.find(Long.parseLong(asked), me.scope()).isPresent() ? openProblems(Long.parseLong(asked), me) : List.of());
        return "service/new";
    }

    /**
     * The projects to choose from: those assigned to the caller (as leader, department or commissioner),
     * else those in their scope; the one asked for first when given.
     */
    private List<Choice> myProjects(CurrentUser me, String asked) {
        Long leader = me.is(Role.LEADER) ? Long.valueOf(me.id()) : null;
        Long department = me.is(Role.DEPARTMENT) ? me.organizationId() : null;
        Long commissioner = leader == null && department == null ? Long.valueOf(me.id()) : null;
        PageResult<ProjectRow> mine = projects.list(new ProjectFilter(null, null, null, null, null, null, leader, commissioner,
                department, null, null, null, null, null, null, "name", "asc"), me.scope(), 0, PROJECT_CHOICES);
        List<Choice> choices = new ArrayList<>((mine.total() > 0 ? mine : projects.list(ProjectFilter.none(), me.scope(), 0, PROJECT_CHOICES))
                .items().stream().map(p -> new Choice(p.id(), p.name())).toList());
        if (asked != null && asked.matches("\\d{1,18}") && choices.stream().noneMatch(c -> String.valueOf(c.id()).equals(asked))) {
            projects.find(Long.parseLong(asked), me.scope()).ifPresent(p -> choices.add(0, new Choice(p.id(), p.name())));
        }
        return choices;
    }

    /** A project to choose in the form. */
    record Choice(long id, String name) {
    }

    private <T> T parse(Map<String, String> values, String field, Function<String, T> parser, List<FieldProblem> problems) {
        String text = values.get(field);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "error.badValue", texts.fieldLabel(field), text));
            return null;
        }
    }

    /** Each problem's message under its field, named by the field's label (服务内容：此项必填). */
    private Map<String, List<String>> byField(List<FieldProblem> problems) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldProblem p : problems) {
            String message = texts.text(p);
            String label = texts.fieldLabel(p.field());
            errors.computeIfAbsent(p.field(), k -> new ArrayList<>())
                    .add(message.startsWith(label) ? message : label + "：" + message);
        }
        return errors;
    }
}
