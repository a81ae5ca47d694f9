package org.keyproject.ledger;

import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.EnumSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.ForbiddenException;
import org.keyproject.ledger.LedgerReport.ColumnMapping;
import org.keyproject.ledger.LedgerReport.LedgerError;
import org.keyproject.ledger.LedgerReport.Outcome;
import org.keyproject.ledger.LedgerReport.RowOutcome;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.BatchOutcome;
import org.keyproject.project.BatchProblem;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectBatch;
import org.keyproject.region.Region;
import org.keyproject.region.RegionLevel;
import org.keyproject.region.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a ledger (台账), set-based: the file is streamed row by row into a staging table, names
 * are resolved and rows matched and checked in SQL over the whole file, and a file without errors is
 * applied with a few statements ({@link ProjectBatch}), all in one transaction and audited under the
 * importing user, grouped by the import's id. A row updates the project it matches (by code, else by
 * name and owner, within the importer's scope) or creates one, then places it on the year's list of
 * the importer's level. Whole file or nothing: one report names every error, and any error rolls
 * everything back.
 */
@Service
public class LedgerImport {

    /** Columns without which no row can be read. */
    static final Set<LedgerField> REQUIRED_COLUMNS = EnumSet.of(LedgerField.NAME, LedgerField.OWNER, LedgerField.REGION,
            LedgerField.TOTAL_INVESTMENT, LedgerField.PLANNED_INVESTMENT);
    private static final Logger log = LoggerFactory.getLogger(LedgerImport.class);
    /** Reading takes most of an import's time; checking and writing the rest. */
    private static final int READ_SHARE = 70;

    private final ProjectBatch projectBatch;
    private final Regions regions;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final Validator validator;
    private final MessageSource messages;

    LedgerImport(ProjectBatch projectBatch, Regions regions, AuditTrail audit, PlatformTransactionManager transactions,
                 Validator validator, MessageSource messages) {
        this.projectBatch = projectBatch;
        this.regions = regions;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.validator = validator;
        this.messages = messages;
    }

    /** How to import: the list year (else read from the file), whether to add unknown people, whether only to preview. */
    public record Options(Integer year, boolean createMissing, boolean dryRun) {

        Options withYear(int listYear) {
            return new Options(listYear, createMissing, dryRun);
        }
    }

    /** How far an import has come: percent 0..100 and a message key naming the phase. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (percent, phaseKey) -> { };

        void at(int percent, String phaseKey);
    }

    public LedgerReport importLedger(byte[] content, Options options, CurrentUser by) {
        return importLedger(content, options, by, Progress.NONE);
    }

    /**
     * Reads, checks and (unless a dry run, and only without errors) applies a ledger. A dry run does
     * everything an import does and then rolls it back, so its errors are the import's errors.
     */
    public LedgerReport importLedger(byte[] content, Options options, CurrentUser by, Progress progress) {
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        UUID importId = UUID.randomUUID();
        progress.at(0, "ledger.phase.read");
        Run run = inOneTransaction(importId, options.dryRun(), () -> run(content, options, by, progress, row -> { }), Run::problems);
        progress.at(100, "ledger.phase.done");
        boolean applied = run.problems.isEmpty() && !options.dryRun() && !run.outcomes.isEmpty();
        return report(importId, run.year, options.dryRun(), applied, run.parsed,
                run.problems.isEmpty() ? run.outcomes : List.of(), run.problems, run.warnings);
    }

    /**
     * Runs an import's work in one transaction, its audit grouped under the import's id, and rolls it
     * back when the work found problems or is a dry run: whole file or nothing.
     */
    <T> T inOneTransaction(UUID importId, boolean dryRun, Supplier<T> work, Function<T, List<LedgerProblem>> problems) {
        return audit.grouped(importId, () -> transaction.execute(status -> {
            T done = work.get();
            if (!problems.apply(done).isEmpty() || dryRun) {
                status.setRollbackOnly();
            }
            return done;
        }));
    }

    /** What one run found and did. */
    record Run(Integer year, LedgerReader.Parsed parsed, List<RowOutcome> outcomes, List<LedgerProblem> problems,
               List<LedgerProblem> warnings) {
    }

    /**
     * Reads, checks and applies a ledger inside the caller's transaction (problems mean nothing may
     * land); each data row read is handed to alsoRead too, so another part can stage it in the same read.
     */
    Run run(byte[] content, Options options, CurrentUser by, Progress progress, LedgerReader.RowSink alsoRead) {
        long started = System.nanoTime();
        ProjectBatch.Batch batch = projectBatch.open(by);
        LedgerRows rows = new LedgerRows(validator);
        LedgerReader.Parsed parsed = LedgerReader.read(content, row -> {
            batch.add(rows.read(row));
            alsoRead.accept(row);
        }, (done, expected) ->
                progress.at(expected > 0 ? Math.min(READ_SHARE, (int) ((long) done * READ_SHARE / expected)) : 0, "ledger.phase.read"));
        List<LedgerProblem> problems = new ArrayList<>(parsed.problems());
        List<LedgerProblem> warnings = new ArrayList<>();
        Integer year = options.year() != null ? options.year() : parsed.year();
        if (year == null) {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.noYear"));
        } else if (year < 2000 || year > 2100) {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.year", String.valueOf(year)));
            year = null;
        }
        boolean readable = !parsed.columns().isEmpty()
                && parsed.problems().stream().noneMatch(p -> p.messageKey().equals("ledger.error.missingColumn"));
        if (!readable) {
            return new Run(year, parsed, List.of(), problems, warnings);
        }
        if (parsed.rows() == 0) {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.noRows"));
        }
        problems.addAll(rows.problems());
        if (year == null || parsed.rows() == 0) {
            return new Run(year, parsed, List.of(), problems, warnings);
        }
        long read = System.nanoTime();
        progress.at(READ_SHARE + 5, "ledger.phase.check");
        ProjectBatch.Options batchOptions = new ProjectBatch.Options(year, levelOf(regions.get(by.regionId())), options.createMissing());
        for (BatchProblem p : batch.check(batchOptions)) {
            LedgerRows.Where where = rows.where(p.rowNo());
            LedgerField field = LedgerRows.FORM_FIELDS.get(p.field());
            (p.warning() ? warnings : problems).add(new LedgerProblem(where.sheet(), where.number(),
                    field == null ? null : rows.title(where.sheet(), field), p.messageKey(), p.args()));
        }
        if (!problems.isEmpty()) {
            return new Run(year, parsed, List.of(), problems, warnings);
        }
        long checked = System.nanoTime();
        progress.at(READ_SHARE + 15, "ledger.phase.apply");
        List<RowOutcome> outcomes = new ArrayList<>();
        try {
            for (BatchOutcome o : batch.apply()) {
                LedgerRows.Where where = rows.where(o.rowNo());
                outcomes.add(new RowOutcome(where.sheet(), where.number(), o.projectId(), o.code(), o.name(),
                        Outcome.valueOf(o.kind().name())));
            }
        } catch (DataAccessException e) {
            // a rule only the database knows refused the file: nothing lands, and the report says why
            problems.add(new LedgerProblem(null, null, null, "ledger.error.apply", String.valueOf(e.getMostSpecificCause().getMessage())));
        }
        log.info("Ledger import of {} rows: read in {} ms, checked in {} ms, applied in {} ms", parsed.rows(),
                (read - started) / 1_000_000, (checked - read) / 1_000_000, (System.nanoTime() - checked) / 1_000_000);
        return new Run(year, parsed, outcomes, problems, warnings);
    }

    /** The list level of the importer: a city coordinator fills the city's list, a county user its county's. */
    static ListLevel levelOf(Region region) {
        return region.level() == RegionLevel.PROVINCE ? ListLevel.PROVINCE
                : region.level() == RegionLevel.CITY ? ListLevel.CITY : ListLevel.COUNTY;
    }

    LedgerReport report(UUID importId, Integer year, boolean dryRun, boolean applied, LedgerReader.Parsed parsed,
                                List<RowOutcome> outcomes, List<LedgerProblem> problems, List<LedgerProblem> warnings) {
        Locale locale = LocaleContextHolder.getLocale();
        List<ColumnMapping> columns = parsed.columns().stream().map(c -> new ColumnMapping(c.sheet(), c.title(), c.field(),
                c.field() == null ? null : messages.getMessage(c.field().messageKey(), null, c.field().exportTitle(), locale),
                c.unit() == null ? null : c.unit().label())).toList();
        List<String> sheets = parsed.columns().stream().map(LedgerReader.Column::sheet).distinct().toList();
        Comparator<LedgerProblem> where = Comparator
                .comparing((LedgerProblem p) -> p.row() == null ? -1 : sheets.indexOf(p.sheet()))
                .thenComparing(p -> p.row() == null ? 0 : p.row());
        return new LedgerReport(importId, year, dryRun, applied, parsed.rows(), LedgerReport.count(outcomes, Outcome.CREATED),
                LedgerReport.count(outcomes, Outcome.UPDATED), LedgerReport.count(outcomes, Outcome.UNCHANGED), columns,
                parsed.unknownColumns(), outcomes, problems.stream().sorted(where).map(p -> error(p, locale)).toList(),
                warnings.stream().map(p -> error(p, locale)).toList(), null);
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
