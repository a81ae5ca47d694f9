package org.keyproject.ledger;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.Money;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.StaleVersionException;
import org.keyproject.ledger.LedgerReader.DataRow;
import org.keyproject.ledger.LedgerReport.ColumnMapping;
import org.keyproject.ledger.LedgerReport.LedgerError;
import org.keyproject.ledger.LedgerReport.Outcome;
import org.keyproject.ledger.LedgerReport.RowOutcome;
import org.keyproject.ledger.LedgerValues.CellProblem;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.people.Organization;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.AnnualList;
import org.keyproject.project.Category;
import org.keyproject.project.ListEntry;
import org.keyproject.project.ListEntryForm;
import org.keyproject.project.ListLevel;
import org.keyproject.project.Nature;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectForm;
import org.keyproject.project.ProjectQueries;
import org.keyproject.project.Projects;
import org.keyproject.project.Stage;
import org.keyproject.project.YearTarget;
import org.keyproject.region.Region;
import org.keyproject.region.RegionLevel;
import org.keyproject.region.Regions;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a ledger (台账): every row is read and checked first and all errors are collected; only a
 * file without errors is applied, in one transaction, each change audited under the importing user
 * and grouped by the import's id. A row updates the project it matches (by code, else by name and
 * owner, within the importer's scope) or creates one, then places it on the year's list of the
 * importer's level. Whole file or nothing: a rule broken while applying rolls everything back.
 */
@Service
public class LedgerImport {

    /** Columns without which no row can be read. */
    static final Set<LedgerField> REQUIRED_COLUMNS = EnumSet.of(LedgerField.NAME, LedgerField.OWNER, LedgerField.REGION,
            LedgerField.TOTAL_INVESTMENT, LedgerField.PLANNED_INVESTMENT);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Map<String, LedgerField> FORM_FIELDS = Map.ofEntries(
            Map.entry("code", LedgerField.CODE), Map.entry("name", LedgerField.NAME),
            Map.entry("ownerId", LedgerField.OWNER), Map.entry("ownerName", LedgerField.OWNER),
            Map.entry("regionId", LedgerField.REGION), Map.entry("address", LedgerField.ADDRESS),
            Map.entry("contentScale", LedgerField.CONTENT_SCALE), Map.entry("nature", LedgerField.NATURE),
            Map.entry("category", LedgerField.CATEGORY), Map.entry("industryId", LedgerField.INDUSTRY),
            Map.entry("totalInvestment", LedgerField.TOTAL_INVESTMENT),
            Map.entry("plannedStartDate", LedgerField.PLANNED_START),
            Map.entry("plannedCompletionDate", LedgerField.PLANNED_COMPLETION),
            Map.entry("leaderId", LedgerField.LEADER), Map.entry("departmentId", LedgerField.DEPARTMENT),
            Map.entry("commissionerId", LedgerField.COMMISSIONER), Map.entry("taskForce", LedgerField.TASK_FORCE),
            Map.entry("plannedInvestment", LedgerField.PLANNED_INVESTMENT), Map.entry("target", LedgerField.TARGET),
            Map.entry("plannedStartMonth", LedgerField.PLANNED_START_MONTH));

    private final Projects projects;
    private final ProjectQueries queries;
    private final Regions regions;
    private final People people;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Validator validator;
    private final MessageSource messages;

    LedgerImport(Projects projects, ProjectQueries queries, Regions regions, People people, AuditTrail audit,
                 PlatformTransactionManager transactions, Validator validator, MessageSource messages) {
        this.projects = projects;
        this.queries = queries;
        this.regions = regions;
        this.people = people;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.validator = validator;
        this.messages = messages;
    }

    /** How to import: the list year (else read from the file), whether to add unknown people, whether only to preview. */
    public record Options(Integer year, boolean createMissing, boolean dryRun) {
    }

    /**
     * Reads, checks and (unless a dry run, and only without errors) applies a ledger. A dry run does
     * everything an import does and then rolls it back, so its errors are the import's errors.
     */
    public LedgerReport importLedger(byte[] content, Options options, CurrentUser by) {
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        UUID importId = UUID.randomUUID();
        List<DataRow> rows = new ArrayList<>();
        LedgerReader.Parsed parsed = LedgerReader.read(content, rows::add, LedgerReader.ReadProgress.NONE);
        List<LedgerProblem> problems = new ArrayList<>(parsed.problems());
        List<LedgerProblem> warnings = new ArrayList<>();
        Integer year = options.year() != null ? options.year() : parsed.year();
        if (year == null) {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.noYear"));
        } else if (year < 2000 || year > 2100) {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.year", String.valueOf(year)));
        }
        boolean readable = !parsed.columns().isEmpty()
                && parsed.problems().stream().noneMatch(p -> p.messageKey().equals("ledger.error.missingColumn"));
        List<Plan> plans = new ArrayList<>();
        if (readable && rows.isEmpty()) {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.noRows"));
        }
        if (readable && year != null) {
            Resolver resolver = new Resolver(by, year, options.createMissing(), problems, warnings);
            for (DataRow row : rows) {
                resolver.resolve(row).ifPresent(plans::add);
            }
        }
        List<RowOutcome> outcomes = List.of();
        boolean applied = false;
        if (!plans.isEmpty()) {
            // rows that read well are tried even when others did not, so that one report names every error
            int listYear = year;
            outcomes = audit.grouped(importId, () -> transaction.execute(status -> {
                List<RowOutcome> done = apply(plans, listYear, options.createMissing(), by, problems);
                if (!problems.isEmpty() || options.dryRun()) {
                    status.setRollbackOnly();
                }
                return done;
            }));
            applied = problems.isEmpty() && !options.dryRun();
            if (!problems.isEmpty()) {
                outcomes = List.of();
            }
        }
        return report(importId, year, options.dryRun(), applied, parsed, outcomes, problems, warnings);
    }

    /** One row ready to apply: the project it matches (null to create) and the form and list entry it asks for. */
    private record Plan(DataRow row, ProjectDetails current, Draft draft, Map<LedgerField, String> toCreate,
                        Money planned, YearTarget target, Integer startMonth) {
    }

    /** Reads and checks rows against the database without writing; lookups are remembered across rows. */
    private final class Resolver {

        private final CurrentUser by;
        private final DataScope scope;
        private final int year;
        private final ListLevel level;
        private final boolean createMissing;
        private final List<LedgerProblem> problems;
        private final List<LedgerProblem> warnings;
        private final Region root;
        private final Map<String, Region> regionsByName = new HashMap<>();
        private final Map<String, Optional<Long>> peopleByName = new HashMap<>();
        private final Map<String, Optional<Long>> departmentsByName = new HashMap<>();
        private final Map<String, Optional<Long>> industriesByName = new HashMap<>();
        private final Map<String, DataRow> seen = new HashMap<>();

        Resolver(CurrentUser by, int year, boolean createMissing, List<LedgerProblem> problems, List<LedgerProblem> warnings) {
            this.by = by;
            this.scope = by.scope();
            this.year = year;
            this.level = levelOf(regions.get(by.regionId()));
            this.createMissing = createMissing;
            this.problems = problems;
            this.warnings = warnings;
            this.root = regions.root().orElseThrow(() -> new NotFoundException("region", "root"));
        }

        Optional<Plan> resolve(DataRow row) {
            int before = problems.size();
            String name = required(row, LedgerField.NAME);
            String owner = required(row, LedgerField.OWNER);
            String code = text(row, LedgerField.CODE);
            if (code != null) {
                duplicate(row, LedgerField.CODE, "code:" + code);
            }
            if (name != null && owner != null) {
                duplicate(row, LedgerField.NAME, "name:" + name + "\u0000" + owner);
            }
            ProjectDetails current = name == null && code == null ? null
                    : queries.match(code, name, owner, scope).orElse(null);
            Draft d = current == null ? new Draft() : Draft.of(current.toForm());
            if (code != null || current == null) {
                d.code = code;
            }
            d.name = name;
            if (current == null || owner == null || !owner.equals(current.ownerName()) && !isCurrentOwner(owner, current)) {
                d.ownerId = null;
                d.ownerName = owner;
            }
            region(row, current, d);
            if (row.has(LedgerField.ADDRESS)) {
                d.address = text(row, LedgerField.ADDRESS);
            }
            if (row.has(LedgerField.CONTENT_SCALE)) {
                d.contentScale = text(row, LedgerField.CONTENT_SCALE);
            }
            if (row.has(LedgerField.TASK_FORCE)) {
                d.taskForce = text(row, LedgerField.TASK_FORCE);
            }
            CellValue nature = row.cell(LedgerField.NATURE);
            if (!nature.isBlank()) {
                d.nature = read(row, LedgerField.NATURE, () -> LedgerValues.nature(nature));
            } else if (current == null) {
                problem(row, LedgerField.NATURE, "ledger.error.required");
            }
            CellValue category = row.cell(LedgerField.CATEGORY);
            if (!category.isBlank()) {
                LedgerValues.Kind kind = read(row, LedgerField.CATEGORY, () -> LedgerValues.category(category));
                if (kind != null) {
                    boolean keepManufacturing = current != null && current.category() == Category.INDUSTRIAL
                            && kind.category() == Category.INDUSTRIAL && !kind.manufacturing();
                    d.category = kind.category();
                    d.manufacturing = keepManufacturing ? current.manufacturing() : kind.manufacturing();
                }
            } else if (current == null) {
                problem(row, LedgerField.CATEGORY, "ledger.error.required");
            }
            if (row.has(LedgerField.INDUSTRY)) {
                d.industryId = industry(row, current);
            }
            Money total = requiredAmount(row, LedgerField.TOTAL_INVESTMENT);
            if (total != null) {
                d.totalInvestment = total.wan();
            }
            if (row.has(LedgerField.PLANNED_START)) {
                d.plannedStartDate = read(row, LedgerField.PLANNED_START, () -> LedgerValues.date(row.cell(LedgerField.PLANNED_START)));
            }
            if (row.has(LedgerField.PLANNED_COMPLETION)) {
                d.plannedCompletionDate = read(row, LedgerField.PLANNED_COMPLETION,
                        () -> LedgerValues.date(row.cell(LedgerField.PLANNED_COMPLETION)));
            }
            Map<LedgerField, String> toCreate = new EnumMap<>(LedgerField.class);
            if (row.has(LedgerField.LEADER)) {
                d.leaderId = person(row, LedgerField.LEADER, Role.LEADER, current == null ? null : current.leaderName(),
                        current == null ? null : current.leaderId(), toCreate);
            }
            if (row.has(LedgerField.COMMISSIONER)) {
                d.commissionerId = person(row, LedgerField.COMMISSIONER, Role.COMMISSIONER,
                        current == null ? null : current.commissionerName(), current == null ? null : current.commissionerId(), toCreate);
            }
            if (row.has(LedgerField.DEPARTMENT)) {
                d.departmentId = department(row, current, toCreate);
            }
            if (current == null) {
                d.stage = d.nature == Nature.CONTINUING ? Stage.CONSTRUCTION : Stage.PREPARATION;
                LocalDate today = LocalDate.now(ZONE);
                d.stageDate = d.stage == Stage.CONSTRUCTION && d.plannedStartDate != null && !d.plannedStartDate.isAfter(today)
                        ? d.plannedStartDate : null;
            }
            Money planned = requiredAmount(row, LedgerField.PLANNED_INVESTMENT);
            ListEntry entry = current == null ? null : queries.listEntries(current.id()).stream()
                    .filter(e -> e.year() == year && e.level() == level).findFirst().orElse(null);
            YearTarget target = target(row, current, entry, d);
            Integer month = startMonth(row, target, entry, d);
            validate(row, d);
            if (problems.size() > before) {
                return Optional.empty();
            }
            if (d.totalInvestment != null) {
                d.totalInvestment = d.totalInvestment.setScale(Money.SCALE);
            }
            return Optional.of(new Plan(row, current, d, toCreate, planned, target, month));
        }

        /** The owner named by its short name (or the other way round) is still the same owner. */
        private boolean isCurrentOwner(String owner, ProjectDetails current) {
            return people.findOrganizationByName(OrganizationKind.ENTERPRISE, owner)
                    .map(o -> o.id() == current.ownerId()).orElse(false);
        }

        private void region(DataRow row, ProjectDetails current, Draft d) {
            String name = required(row, LedgerField.REGION);
            if (name == null || (current != null && name.equals(current.regionName()))) {
                return;
            }
            Region region = regionsByName.computeIfAbsent(name, n -> regions.matchByName(n, root.id()).orElse(null));
            if (region == null) {
                problem(row, LedgerField.REGION, "ledger.error.regionUnknown", name);
            } else if (!scope.coversRegion(region.path())) {
                problem(row, LedgerField.REGION, "ledger.error.regionOutOfScope", name);
            } else {
                d.regionId = region.id();
            }
        }

        private Long industry(DataRow row, ProjectDetails current) {
            String name = text(row, LedgerField.INDUSTRY);
            if (name == null) {
                return null;
            }
            Optional<Long> id = industriesByName.computeIfAbsent(name,
                    n -> queries.industryByName(n).map(ProjectQueries.Industry::id));
            if (id.isEmpty()) {
                warnings.add(new LedgerProblem(row.sheet(), row.number(), row.title(LedgerField.INDUSTRY),
                        "ledger.warning.industryUnknown", name));
                return current == null ? null : current.industryId();
            }
            return id.get();
        }

        /** A leader or commissioner by name: the one on the project already, someone known, or one to add. */
        private Long person(DataRow row, LedgerField field, Role role, String currentName, Long currentId,
                            Map<LedgerField, String> toCreate) {
            String name = text(row, field);
            if (name == null) {
                return null;
            }
            if (name.equals(currentName)) {
                return currentId;
            }
            Optional<Long> id = peopleByName.computeIfAbsent(role + ":" + name,
                    k -> people.findOrCreateContact(name, role, by.regionId(), false).map(UserAccount::id));
            if (id.isPresent()) {
                return id.get();
            }
            if (createMissing) {
                toCreate.put(field, name);
            } else {
                problem(row, field, "ledger.error.personUnknown", name);
            }
            return null;
        }

        private Long department(DataRow row, ProjectDetails current, Map<LedgerField, String> toCreate) {
            String name = text(row, LedgerField.DEPARTMENT);
            if (name == null) {
                return null;
            }
            if (current != null && name.equals(current.departmentName())) {
                return current.departmentId();
            }
            Optional<Long> id = departmentsByName.computeIfAbsent(name,
                    n -> people.findOrganizationByName(OrganizationKind.DEPARTMENT, n).map(Organization::id));
            if (id.isPresent()) {
                return id.get();
            }
            if (createMissing) {
                toCreate.put(LedgerField.DEPARTMENT, name);
            } else {
                problem(row, LedgerField.DEPARTMENT, "ledger.error.departmentUnknown", name);
            }
            return null;
        }

        /**
         * 年度目标 as the file says; without the column, the entry's target stays; otherwise 新建 not yet
         * started → new start this year, anything else → continue.
         */
        private YearTarget target(DataRow row, ProjectDetails current, ListEntry entry, Draft d) {
            CellValue cell = row.cell(LedgerField.TARGET);
            if (!cell.isBlank()) {
                return read(row, LedgerField.TARGET, () -> LedgerValues.target(cell));
            }
            if (!row.has(LedgerField.TARGET) && entry != null) {
                return entry.target();
            }
            boolean started = current != null && (current.actualStartDate() != null && current.actualStartDate().getYear() < year
                    || current.stage() == Stage.COMPLETED);
            return d.nature == Nature.NEW && !started ? YearTarget.START : YearTarget.CONTINUE;
        }

        private Integer startMonth(DataRow row, YearTarget target, ListEntry entry, Draft d) {
            CellValue cell = row.cell(LedgerField.PLANNED_START_MONTH);
            if (!cell.isBlank()) {
                return read(row, LedgerField.PLANNED_START_MONTH, () -> LedgerValues.month(cell));
            }
            if (target != YearTarget.START) {
                return null;
            }
            if (d.plannedStartDate != null) {
                return d.plannedStartDate.getMonthValue();
            }
            if (entry != null && entry.target() == YearTarget.START && entry.plannedStartMonth() != null) {
                return entry.plannedStartMonth();
            }
            problem(row, LedgerField.PLANNED_START, "ledger.error.startMonthRequired");
            return null;
        }

        /** The form's own limits (lengths, digits), so that a row too long for a field is a row error. */
        private void validate(DataRow row, Draft d) {
            for (ConstraintViolation<ProjectForm> v : validator.validate(d.toForm())) {
                String property = v.getPropertyPath().toString();
                if (v.getInvalidValue() == null) {
                    continue; // required fields are reported above, in the ledger's words
                }
                LedgerField field = FORM_FIELDS.get(property);
                problems.add(new LedgerProblem(row.sheet(), row.number(), field == null ? property : row.title(field),
                        "ledger.error.invalid", v.getMessage()));
            }
        }

        /** The same project twice in the file, in one sheet or two, would be created twice. */
        private void duplicate(DataRow row, LedgerField field, String key) {
            DataRow first = seen.putIfAbsent(key, row);
            if (first != null && first.sheet().equals(row.sheet())) {
                problem(row, field, "ledger.error.duplicateRow", first.number());
            } else if (first != null) {
                problem(row, field, "ledger.error.duplicateRowInSheet", first.sheet(), first.number());
            }
        }

        private String required(DataRow row, LedgerField field) {
            String value = text(row, field);
            if (value == null) {
                problem(row, field, "ledger.error.required");
            }
            return value;
        }

        private Money requiredAmount(DataRow row, LedgerField field) {
            if (row.cell(field).isBlank()) {
                problem(row, field, "ledger.error.required");
                return null;
            }
            LedgerReader.Column column = row.columns().get(field);
            return read(row, field, () -> LedgerValues.amount(row.cell(field), column == null ? Unit.WAN : column.unit()));
        }

        private <T> T read(DataRow row, LedgerField field, Supplier<T> reading) {
            try {
                return reading.get();
            } catch (CellProblem e) {
                problems.add(new LedgerProblem(row.sheet(), row.number(), row.title(field), e.messageKey, e.args));
                return null;
            }
        }

        private void problem(DataRow row, LedgerField field, String key, Object... args) {
            problems.add(new LedgerProblem(row.sheet(), row.number(), row.title(field), key, args));
        }
    }

    private static String text(DataRow row, LedgerField field) {
        CellValue cell = row.cell(field);
        return cell.isBlank() ? null : cell.asText().strip();
    }

    /** The list level of the importer: a city coordinator fills the city's list, a county user its county's. */
    static ListLevel levelOf(Region region) {
        return region.level() == RegionLevel.PROVINCE ? ListLevel.PROVINCE
                : region.level() == RegionLevel.CITY ? ListLevel.CITY : ListLevel.COUNTY;
    }

    /**
     * Applies the rows in the caller's transaction. The rules of Projects refuse a row before it
     * writes anything, so the remaining rows are still tried (one report names every error) and the
     * whole transaction is rolled back when any row failed. No savepoint per row: ten thousand
     * subtransactions would make the import several times slower.
     */
    private List<RowOutcome> apply(List<Plan> plans, int year, boolean createMissing, CurrentUser by, List<LedgerProblem> problems) {
        List<RowOutcome> outcomes = new ArrayList<>();
        AnnualList[] list = new AnnualList[1];
        for (Plan plan : plans) {
            try {
                if (list[0] == null) {
                    list[0] = projects.listFor(year, levelOf(regions.get(by.regionId())), by.regionId(), by);
                }
                outcomes.add(applyRow(plan, list[0], createMissing, by));
            } catch (InvalidInputException e) {
                for (FieldProblem p : e.problems()) {
                    LedgerField field = FORM_FIELDS.get(p.field());
                    if (field == LedgerField.PLANNED_START_MONTH && !plan.row().has(field)) {
                        field = LedgerField.PLANNED_START;
                    }
                    problems.add(new LedgerProblem(plan.row().sheet(), plan.row().number(),
                            field == null ? null : plan.row().title(field), p.messageKey(), p.args()));
                }
            } catch (StaleVersionException e) {
                problems.add(new LedgerProblem(plan.row().sheet(), plan.row().number(), null, "error.stale"));
            } catch (ForbiddenException e) {
                problems.add(new LedgerProblem(plan.row().sheet(), plan.row().number(), null, e.messageKey()));
            } catch (RuntimeException e) {
                problems.add(new LedgerProblem(plan.row().sheet(), plan.row().number(), null, "ledger.error.apply",
                        String.valueOf(e.getMessage())));
                break; // the database refused a statement: the transaction can do nothing more
            }
        }
        return outcomes;
    }

    private RowOutcome applyRow(Plan plan, AnnualList list, boolean createMissing, CurrentUser by) {
        Draft d = plan.draft();
        plan.toCreate().forEach((field, name) -> {
            switch (field) {
                case LEADER -> d.leaderId = people.findOrCreateContact(name, Role.LEADER, by.regionId(), createMissing).orElseThrow().id();
                case COMMISSIONER -> d.commissionerId = people.findOrCreateContact(name, Role.COMMISSIONER, by.regionId(), createMissing).orElseThrow().id();
                case DEPARTMENT -> d.departmentId = people.findOrCreateOrganization(OrganizationKind.DEPARTMENT, name, by.regionId(), true).id();
                default -> throw new IllegalStateException(field.name());
            }
        });
        ProjectForm form = d.toForm();
        ProjectDetails project;
        boolean changed;
        Outcome outcome;
        if (plan.current() == null) {
            project = projects.create(form, by);
            outcome = Outcome.CREATED;
        } else if (form.equals(plan.current().toForm())) {
            project = plan.current();
            outcome = Outcome.UNCHANGED;
        } else {
            project = projects.update(plan.current().id(), form, by);
            outcome = Outcome.UPDATED;
        }
        ListEntry entry = outcome == Outcome.CREATED ? null : queries.listEntries(project.id()).stream()
                .filter(e -> e.year() == list.year() && e.level() == list.level()).findFirst().orElse(null);
        BigDecimal planned = plan.planned().wan();
        changed = entry == null || entry.listId() != list.id() || entry.plannedInvestment().compareTo(planned) != 0
                || entry.target() != plan.target() || !Objects.equals(entry.plannedStartMonth(), plan.startMonth());
        if (changed) {
            projects.putOnList(project.id(), new ListEntryForm(list.id(), planned, plan.target(), plan.startMonth()), by);
            if (outcome == Outcome.UNCHANGED) {
                outcome = Outcome.UPDATED;
            }
        }
        return new RowOutcome(plan.row().sheet(), plan.row().number(), project.id(), project.code(), project.name(), outcome);
    }

    private LedgerReport report(UUID importId, Integer year, boolean dryRun, boolean applied, LedgerReader.Parsed parsed,
                                List<RowOutcome> outcomes, List<LedgerProblem> problems, List<LedgerProblem> warnings) {
        Locale locale = LocaleContextHolder.getLocale();
        List<ColumnMapping> columns = parsed.columns().stream().map(c -> new ColumnMapping(c.sheet(), c.title(), c.field(),
                c.field() == null ? null : messages.getMessage(c.field().messageKey(), null, c.field().exportTitle(), locale),
                c.unit() == null ? null : c.unit().label())).toList();
        int created = (int) outcomes.stream().filter(o -> o.outcome() == Outcome.CREATED).count();
        int updated = (int) outcomes.stream().filter(o -> o.outcome() == Outcome.UPDATED).count();
        int unchanged = (int) outcomes.stream().filter(o -> o.outcome() == Outcome.UNCHANGED).count();
        List<String> sheets = parsed.columns().stream().map(LedgerReader.Column::sheet).distinct().toList();
        Comparator<LedgerProblem> where = Comparator
                .comparing((LedgerProblem p) -> p.row() == null ? -1 : sheets.indexOf(p.sheet()))
                .thenComparing(p -> p.row() == null ? 0 : p.row());
        return new LedgerReport(importId, year, dryRun, applied, parsed.rows(), created, updated, unchanged, columns,
                parsed.unknownColumns(), outcomes, problems.stream().sorted(where).map(p -> error(p, locale)).toList(),
                warnings.stream().map(p -> error(p, locale)).toList());
    }

    private LedgerError error(LedgerProblem p, Locale locale) {
        Object[] args = p.args() == null ? new Object[0] : p.args().clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof String s && s.matches("[a-zA-Z]+\\.[A-Za-z_.]+")) {
                args[i] = messages.getMessage(s, null, s, locale);
            }
        }
        return new LedgerError(p.sheet(), p.row(), p.column(), messages.getMessage(p.messageKey(), args, p.messageKey(), locale));
    }
}
