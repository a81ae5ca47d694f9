package org.keyproject.project;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keyproject.audit.AuditEntry;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.common.StaleVersionException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.keyproject.web.Texts;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.validation.BindException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The library's pages: the project list (项目库) with filters, a project's page with its lifecycle and
 * audit trail, the project form, regions, people and the annual lists. htmx requests for a list get
 * only the results fragment; the same URL without htmx renders the whole page.
 */
@Controller
class ProjectPageController {

    static final int PAGE_SIZE = 20;
    private static final String RESULTS = "project/list :: results";

    private final ProjectQueries queries;
    private final Projects projects;
    private final AuditTrail audit;
    private final People people;
    private final Regions regions;
    private final Texts texts;

    ProjectPageController(ProjectQueries queries, Projects projects, AuditTrail audit, People people, Regions regions,
                          Texts texts) {
        this.queries = queries;
        this.projects = projects;
        this.audit = audit;
        this.people = people;
        this.regions = regions;
        this.texts = texts;
    }

    // ---- the list ----

    @GetMapping("/projects")
    String list(ProjectFilter filter, @RequestParam(defaultValue = "0") int page,
                @AuthenticationPrincipal CurrentUser me, HttpServletRequest request, Model model) {
        addResults(filter, page, me, request, model);
        if (resultsOnly(request)) {
            return RESULTS;
        }
        addFilterOptions(me, model);
        model.addAttribute("listLevels", ListLevel.values());
        model.addAttribute("mayCreate", me.scope().maintainsLibrary());
        return "project/list";
    }

    // ---- one project ----

    @GetMapping("/projects/{id}")
    String show(@PathVariable long id, @AuthenticationPrincipal CurrentUser me, Model model) {
        ProjectDetails project = queries.get(id, me.scope());
        addProjectPage(project, me, model);
        model.addAttribute("transitionValues", Map.of());
        model.addAttribute("transitionErrors", Map.of());
        return "project/show";
    }

    @PostMapping("/projects/{id}/transitions")
    String transition(@PathVariable long id, @ModelAttribute("transition") TransitionRequest transition,
                      BindingResult binding, @RequestParam MultiValueMap<String, String> raw,
                      @AuthenticationPrincipal CurrentUser me, HttpServletResponse response, Model model) {
        Map<String, List<String>> errors = bindingErrors(binding);
        if (errors.isEmpty() && transition.to() == null) {
            errors.put("to", List.of(texts.text("error.required")));
        }
        if (errors.isEmpty()) {
            try {
                projects.transition(id, transition, me);
                return "redirect:/projects/" + id;
            } catch (InvalidInputException e) {
                errors.putAll(problemsByField(e));
            } catch (StaleVersionException e) {
                errors.put("version", List.of(texts.text("error.stale")));
            }
        }
        addProjectPage(queries.get(id, me.scope()), me, model);
        model.addAttribute("transitionValues", raw.toSingleValueMap());
        model.addAttribute("transitionErrors", errors);
        response.setStatus(errors.containsKey("version") ? 409 : 400);
        return "project/show";
    }

    // ---- the form ----

    @GetMapping("/projects/new")
    String newForm(@AuthenticationPrincipal CurrentUser me, Model model) {
        if (!me.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("regionId", String.valueOf(me.regionId()));
        values.put("stage", Stage.RESERVE.name());
        values.put("nature", Nature.NEW.name());
        values.put("category", Category.INDUSTRIAL.name());
        return form(null, values, Map.of(), me, model);
    }

    @PostMapping("/projects")
    String create(@ModelAttribute("projectForm") ProjectForm form, BindingResult binding,
                  @RequestParam MultiValueMap<String, String> raw, @AuthenticationPrincipal CurrentUser me,
                  HttpServletResponse response, Model model) {
        Map<String, List<String>> errors = bindingErrors(binding);
        if (errors.isEmpty()) {
            try {
                return "redirect:/projects/" + projects.create(form, me).id();
            } catch (InvalidInputException e) {
                errors = problemsByField(e);
            }
        }
        response.setStatus(400);
        return form(null, submitted(raw), errors, me, model);
    }

    @GetMapping("/projects/{id}/edit")
    String editForm(@PathVariable long id, @AuthenticationPrincipal CurrentUser me, Model model) {
        ProjectDetails project = editable(id, me);
        return form(project, values(project.toForm()), Map.of(), me, model);
    }

    @PostMapping("/projects/{id}")
    String update(@PathVariable long id, @ModelAttribute("projectForm") ProjectForm form, BindingResult binding,
                  @RequestParam MultiValueMap<String, String> raw, @AuthenticationPrincipal CurrentUser me,
                  HttpServletResponse response, Model model) {
        ProjectDetails project = editable(id, me);
        Map<String, List<String>> errors = bindingErrors(binding);
        if (errors.isEmpty()) {
            try {
                projects.update(id, form, me);
                return "redirect:/projects/" + id;
            } catch (InvalidInputException e) {
                errors = problemsByField(e);
            } catch (StaleVersionException e) {
                model.addAttribute("stale", true);
                response.setStatus(409);
                return form(project, submitted(raw), Map.of(), me, model);
            }
        }
        response.setStatus(400);
        return form(project, submitted(raw), errors, me, model);
    }

    // ---- regions, people, lists ----

    @GetMapping("/regions")
    String regionTree(@AuthenticationPrincipal CurrentUser me, Model model) {
        Region home = regions.get(me.regionId());
        model.addAttribute("regions", regions.subtree(home.id()));
        model.addAttribute("baseDepth", home.depth());
        model.addAttribute("counts", queries.countBySubtree(home.path(), me.scope()));
        return "project/regions";
    }

    @GetMapping("/regions/{id}")
    String region(@PathVariable long id, ProjectFilter filter, @RequestParam(defaultValue = "0") int page,
                    @AuthenticationPrincipal CurrentUser me, HttpServletRequest request, Model model) {
        Region region = regions.find(id).filter(r -> me.scope().coversRegion(r.path()))
                .orElseThrow(() -> new NotFoundException("region", id));
        ProjectFilter inRegion = filter.withRegion(id);
        addResults(inRegion, page, me, request, model);
        if (resultsOnly(request)) {
            return RESULTS;
        }
        model.addAttribute("region", region);
        model.addAttribute("ancestry", regions.ancestry(id).stream().filter(r -> me.scope().coversRegion(r.path())).toList());
        model.addAttribute("children", regions.children(id));
        model.addAttribute("counts", queries.countBySubtree(region.path(), me.scope()));
        model.addAttribute("stageCounts", queries.countByStage(inRegion, me.scope()));
        model.addAttribute("stages", Stage.values());
        return "project/region";
    }

    @GetMapping("/people/{id}")
    String person(@PathVariable long id, ProjectFilter filter, @RequestParam(defaultValue = "0") int page,
                    @AuthenticationPrincipal CurrentUser me, HttpServletRequest request, Model model) {
        UserAccount person = people.getVisibleUser(id, me.scope());
        ProjectFilter assigned = assignedTo(person, filter);
        addResults(assigned, page, me, request, model);
        if (resultsOnly(request)) {
            return RESULTS;
        }
        model.addAttribute("person", person);
        model.addAttribute("stageCounts", queries.countByStage(assigned, me.scope()));
        model.addAttribute("stages", Stage.values());
        return "project/person";
    }

    @GetMapping("/lists")
    String lists(Model model, @AuthenticationPrincipal CurrentUser me) {
        model.addAttribute("lists", queries.annualLists(null, me.scope()));
        model.addAttribute("batches", queries.startBatches(me.scope()));
        return "project/lists";
    }

    /**
     * A filter of the wrong type in the URL (?minInvestment=abc) gets the error page; handled here
     * because the problem-details advice would answer a page with JSON.
     */
    @ExceptionHandler({BindException.class, MethodArgumentTypeMismatchException.class})
    String badParameter(HttpServletResponse response, Model model) {
        response.setStatus(400);
        model.addAttribute("status", 400);
        model.addAttribute("messageKey", "error.invalid");
        return "error/page";
    }

    // ---- helpers ----

    /**
     * An htmx request from the list wants the results table only; the same URL otherwise (and when
     * htmx restores a page missing from its history cache) gets the whole page.
     */
    private static boolean resultsOnly(HttpServletRequest request) {
        return request.getHeader("HX-Request") != null && request.getHeader("HX-History-Restore-Request") == null;
    }

    private void addResults(ProjectFilter filter, int page, CurrentUser me, HttpServletRequest request, Model model) {
        PageResult<ProjectRow> result = queries.list(filter, me.scope(), page, PAGE_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("result", result);
        model.addAttribute("links", new ListLinks(request.getRequestURI().substring(request.getContextPath().length()),
                request.getParameterMap(), filter));
    }

    private void addFilterOptions(CurrentUser me, Model model) {
        String path = me.scope().regionPath();
        model.addAttribute("regionOptions", regionOptions(me, null));
        model.addAttribute("stages", Stage.values());
        model.addAttribute("natures", Nature.values());
        model.addAttribute("categories", Category.values());
        model.addAttribute("tiers", Tier.values());
        model.addAttribute("industries", queries.industries());
        model.addAttribute("leaders", people.usersWithRole(Role.LEADER, path));
        model.addAttribute("commissioners", people.usersWithRole(Role.COMMISSIONER, path));
        model.addAttribute("listYears", queries.listYears());
    }

    /** The regions of the user's subtree, indented by depth; plus the given region when it lies outside. */
    private List<Option> regionOptions(CurrentUser me, ProjectDetails project) {
        Region home = regions.get(me.regionId());
        List<Option> options = new ArrayList<>();
        for (Region r : regions.subtree(home.id())) {
            options.add(new Option(r.id(), "\u3000".repeat(Math.max(0, r.depth() - home.depth())) + r.name()));
        }
        if (project != null && options.stream().noneMatch(o -> o.id() == project.regionId())) {
            options.add(new Option(project.regionId(), project.regionName()));
        }
        return options;
    }

    private void addProjectPage(ProjectDetails project, CurrentUser me, Model model) {
        DataScope scope = me.scope();
        model.addAttribute("project", project);
        model.addAttribute("mayEdit", scope.mayEdit(project.commissionerId()));
        model.addAttribute("nextStages", project.stage().next());
        model.addAttribute("entries", queries.listEntries(project.id()));
        model.addAttribute("batches", queries.startBatchesOf(project.id(), me.scope()));
        model.addAttribute("parts", queries.packageParts(project.id(), scope));
        model.addAttribute("history", queries.stageHistory(project.id()));
        model.addAttribute("auditLines", audit.history(Projects.AUDIT_TYPE, project.id()).stream().map(this::auditLine).toList());
        model.addAttribute("today", LocalDate.now(Projects.ZONE));
    }

    private String form(ProjectDetails project, Map<String, String> values, Map<String, List<String>> errors,
                        CurrentUser me, Model model) {
        String path = me.scope().regionPath();
        model.addAttribute("project", project);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("regionOptions", regionOptions(me, project));
        model.addAttribute("leaders", people(Role.LEADER, path, values.get("leaderId"), project == null ? null : project.leaderName()));
        model.addAttribute("commissioners", people(Role.COMMISSIONER, path, values.get("commissionerId"),
                project == null ? null : project.commissionerName()));
        List<Option> departments = new ArrayList<>(people.organizations(OrganizationKind.DEPARTMENT, path, 500).stream()
                .map(o -> new Option(o.id(), o.name())).toList());
        keepCurrent(departments, values.get("departmentId"), project == null ? null : project.departmentName());
        model.addAttribute("departments", departments);
        model.addAttribute("enterprises", people.organizations(OrganizationKind.ENTERPRISE, path, 1000));
        model.addAttribute("industries", queries.industries().stream().map(i -> new Option(i.id(), i.name())).toList());
        model.addAttribute("natures", Nature.values());
        model.addAttribute("categories", Category.values());
        model.addAttribute("stages", Stage.values());
        return "project/form";
    }

    /** People of a role in the scope; the one the project has now stays selectable even when outside it. */
    private List<Option> people(Role role, String path, String currentId, String currentName) {
        List<Option> options = new ArrayList<>(people.usersWithRole(role, path).stream()
                .map(u -> new Option(u.id(), u.displayName())).toList());
        keepCurrent(options, currentId, currentName);
        return options;
    }

    private static void keepCurrent(List<Option> options, String currentId, String currentName) {
        if (currentId == null || currentId.isBlank() || currentName == null) {
            return;
        }
        try {
            long id = Long.parseLong(currentId);
            if (options.stream().noneMatch(o -> o.id() == id)) {
                options.add(new Option(id, currentName));
            }
        } catch (NumberFormatException ignored) {
            // a value typed by hand that is not an id: nothing to keep
        }
    }

    private ProjectDetails editable(long id, CurrentUser me) {
        ProjectDetails project = queries.get(id, me.scope());
        if (!me.scope().mayEdit(project.commissionerId())) {
            throw new ForbiddenException("error.forbidden");
        }
        return project;
    }

    /** 包保领导 by leader, 项目专员 by commissioner, 责任单位 by department, 建设单位 by owner. */
    private static ProjectFilter assignedTo(UserAccount person, ProjectFilter f) {
        Long leader = person.role() == Role.LEADER ? Long.valueOf(person.id()) : null;
        Long department = person.role() == Role.DEPARTMENT ? person.organizationId() : null;
        Long owner = person.role() == Role.ENTERPRISE ? person.organizationId() : null;
        Long commissioner = leader == null && department == null && owner == null ? Long.valueOf(person.id()) : null;
        return new ProjectFilter(f.regionId(), f.stage(), f.nature(), f.category(), f.industryId(), f.tier(), leader,
                commissioner, department, owner, f.minInvestment(), f.maxInvestment(), f.listYear(), f.listLevel(), f.q(),
                f.sort(), f.dir());
    }

    /** Type errors of the binding (a word where a number belongs …), each naming its field. */
    private Map<String, List<String>> bindingErrors(BindingResult binding) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldError fe : binding.getFieldErrors()) {
            String label = texts.fieldLabel(fe.getField());
            String message = fe.isBindingFailure()
                    ? texts.text("error.badValue", label, String.valueOf(fe.getRejectedValue()))
                    : label + ": " + fe.getDefaultMessage();
            errors.computeIfAbsent(fe.getField(), k -> new ArrayList<>()).add(message);
        }
        return errors;
    }

    private Map<String, List<String>> problemsByField(InvalidInputException e) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldProblem p : e.problems()) {
            errors.computeIfAbsent(p.field(), k -> new ArrayList<>()).add(texts.text(p));
        }
        return errors;
    }

    /** What the user typed, as typed, so that a refused form keeps every input. */
    private static Map<String, String> submitted(MultiValueMap<String, String> raw) {
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((name, v) -> {
            if (!name.startsWith("_") && !v.isEmpty()) {
                values.put(name, v.get(0));
            }
        });
        values.putIfAbsent("manufacturing", "false");
        return values;
    }

    /** A form's fields as the inputs show them. */
    static Map<String, String> values(ProjectForm form) {
        Map<String, String> values = new LinkedHashMap<>();
        for (RecordComponent c : ProjectForm.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(form);
                if (v != null) {
                    values.put(c.getName(), v instanceof Enum<?> e ? e.name()
                            : v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v.toString());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    private static final Set<String> ENUM_COLUMNS = Set.of("stage", "nature", "category", "tier");

    private AuditLine auditLine(AuditEntry e) {
        List<AuditChange> changes = new ArrayList<>();
        if (!"CREATE".equals(e.action())) {
            Set<String> fields = new java.util.LinkedHashSet<>(e.before().keySet());
            fields.addAll(e.after().keySet());
            for (String column : fields) {
                String field = camel(column);
                changes.add(new AuditChange(column, texts.fieldLabel(field).equals(field) ? column : texts.fieldLabel(field),
                        shown(column, e.before().get(column)), shown(column, e.after().get(column))));
            }
        }
        return new AuditLine(e.occurredAt().atZoneSameInstant(Projects.ZONE), e.actorName(),
                texts.text("audit.action." + e.action()), changes);
    }

    private String shown(String column, Object value) {
        if (value == null) {
            return "";
        }
        if (ENUM_COLUMNS.contains(column)) {
            return texts.text(column + "." + value);
        }
        return value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : value.toString();
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : column.toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }

    record Option(long id, String label) {
    }

    record AuditLine(ZonedDateTime at, String actor, String action, List<AuditChange> changes) {
    }

    record AuditChange(String column, String label, String before, String after) {
    }

    /** Sort and page links that keep every other filter of the current request. */
    record ListLinks(String path, Map<String, String[]> params, ProjectFilter filter) {

        private static final Set<String> DESCENDING_FIRST = Set.of("updated", "investment");

        public String sort(String column) {
            boolean asc = column.equals(currentSort()) ? !ascending() : !DESCENDING_FIRST.contains(column);
            return with(Map.of("sort", column, "dir", asc ? "asc" : "desc"), true);
        }

        /** ▲ or ▼ beside the column the list is sorted by. */
        public String arrow(String column) {
            return column.equals(currentSort()) ? (ascending() ? "▲" : "▼") : "";
        }

        /** The list narrowed to one stage (the counts by stage link to it). */
        public String stage(Stage stage) {
            return with(Map.of("stage", stage.name()), true);
        }

        public String page(int page) {
            return with(Map.of("page", String.valueOf(page)), false);
        }

        private String currentSort() {
            return filter.sort() == null ? "updated" : filter.sort();
        }

        private boolean ascending() {
            return filter.dir() == null ? !DESCENDING_FIRST.contains(currentSort()) : filter.dir().equalsIgnoreCase("asc");
        }

        private String with(Map<String, String> replaced, boolean firstPage) {
            MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
            params.forEach((name, values) -> {
                if (!name.equals("lang") && !replaced.containsKey(name) && !(firstPage && name.equals("page"))) {
                    for (String v : values) {
                        if (v != null && !v.isBlank()) {
                            query.add(name, v);
                        }
                    }
                }
            });
            replaced.forEach(query::add);
            return UriComponentsBuilder.fromPath(path).queryParams(query).build().encode().toUriString();
        }
    }
}
