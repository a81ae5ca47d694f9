package org.keyproject.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.Money;
import org.keyproject.dispatch.ReportBatch;
import org.keyproject.ledger.LedgerReader.DataRow;
import org.keyproject.ledger.LedgerReport.Outcome;
import org.keyproject.ledger.LedgerReport.RowOutcome;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.BatchOutcome;
import org.keyproject.project.BatchProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Imports a dispatch sheet (调度表) of one month: each row is a project's progress report of the
 * month's period, written through {@link ReportBatch} (set-based, by the rules of a single report).
 * Read like a ledger, whole file or nothing, audited under the import's id; created and updated count
 * the reports. A ledger that carries the period's columns too is imported as both in one transaction
 * ({@link #importLedgerWithSheet}).
 */
@Service
class DispatchImport {

    static final Set<LedgerField> REQUIRED_COLUMNS = EnumSet.of(LedgerField.NAME, LedgerField.OWNER);
    /** The sheet's fields (ReportBatch.Row names) by the column they come from, for problems that name a field. */
    private static final Map<String, LedgerField> FIELDS = Map.of("code", LedgerField.CODE, "name", LedgerField.NAME,
            "periodAmount", LedgerField.PERIOD_AMOUNT, "ytdAmount", LedgerField.YTD_AMOUNT,
            "started", LedgerField.START_STATE, "startedOn", LedgerField.ACTUAL_START);

    /** The columns of the period's values; a row with all of them empty reports nothing and is skipped. */
    private static final Set<LedgerField> PERIOD_COLUMNS = EnumSet.of(LedgerField.PERIOD_AMOUNT, LedgerField.YTD_AMOUNT,
            LedgerField.START_STATE, LedgerField.ACTUAL_START, LedgerField.IMAGE_PROGRESS, LedgerField.PROBLEMS);

    private static final Logger log = LoggerFactory.getLogger(DispatchImport.class);

    private final ReportBatch reportBatch;
    private final LedgerImport ledgerImport;

    DispatchImport(ReportBatch reportBatch, LedgerImport ledgerImport) {
        this.reportBatch = reportBatch;
        this.ledgerImport = ledgerImport;
    }

    /** Reads, checks and (unless a dry run, and only without errors) writes the month's reports. */
    LedgerReport importSheet(byte[] content, YearMonth month, boolean dryRun, CurrentUser by) {
        mayImport(by);
        UUID importId = UUID.randomUUID();
        Run run = ledgerImport.inOneTransaction(importId, dryRun, () -> run(content, month, by), Run::problems);
        boolean applied = run.problems.isEmpty() && !dryRun && !run.outcomes.isEmpty();
        return ledgerImport.report(importId, month.getYear(), dryRun, applied, run.parsed,
                run.problems.isEmpty() ? run.outcomes : List.of(), run.problems, List.of());
    }

    /**
     * Imports one file that carries both a ledger's project columns and the month's period columns:
     * first as a ledger (projects and their list entries, {@link LedgerImport}), then as the month's
     * dispatch sheet, read once and written in one transaction. An error in either part writes nothing;
     * the answer gives the projects and, under reports, the reports. The list year defaults to the
     * month's year.
     */
    LedgerReport importLedgerWithSheet(byte[] content, LedgerImport.Options options, YearMonth month, CurrentUser by) {
        mayImport(by);
        UUID importId = UUID.randomUUID();
        LedgerImport.Options ledgerOptions = options.year() == null ? options.withYear(month.getYear()) : options;
        Both both = ledgerImport.inOneTransaction(importId, options.dryRun(), () -> {
            Sheet sheet = new Sheet(month, by);
            LedgerImport.Run ledger = ledgerImport.run(content, ledgerOptions, by, LedgerImport.Progress.NONE, sheet);
            List<LedgerProblem> problems = new ArrayList<>(ledger.problems());
            if (ledger.parsed().columns().isEmpty()) {
                return new Both(ledger, List.of(), problems);
            }
            problems.addAll(sheet.columnProblems(ledger.parsed()));
            problems.addAll(sheet.rows.problems);
            if (!problems.isEmpty()) {
                return new Both(ledger, List.of(), problems);
            }
            problems.addAll(sheet.check());
            return new Both(ledger, problems.isEmpty() ? sheet.apply() : List.of(), problems);
        }, Both::problems);
        LedgerImport.Run ledger = both.ledger;
        boolean ok = both.problems.isEmpty();
        boolean applied = ok && !options.dryRun() && !(ledger.outcomes().isEmpty() && both.reports.isEmpty());
        return ledgerImport.report(importId, ledger.year(), options.dryRun(), applied, ledger.parsed(),
                        ok ? ledger.outcomes() : List.of(), both.problems, ledger.warnings())
                .withReports(LedgerReport.SheetReports.of(month, ok ? both.reports : List.of()));
    }

    private static void mayImport(CurrentUser by) {
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
    }

    private record Run(LedgerReader.Parsed parsed, List<RowOutcome> outcomes, List<LedgerProblem> problems) {
    }

    /** The ledger part and the reports of a file imported as both. */
    private record Both(LedgerImport.Run ledger, List<RowOutcome> reports, List<LedgerProblem> problems) {
    }

    private Run run(byte[] content, YearMonth month, CurrentUser by) {
        long started = System.nanoTime();
        Sheet sheet = new Sheet(month, by);
        LedgerReader.Parsed parsed = LedgerReader.read(content, REQUIRED_COLUMNS, sheet, LedgerReader.ReadProgress.NONE);
        long read = System.nanoTime();
        List<LedgerProblem> problems = new ArrayList<>(parsed.problems());
        problems.addAll(sheet.columnProblems(parsed));
        if (parsed.columns().isEmpty() || !problems.isEmpty()) {
            return new Run(parsed, List.of(), problems);
        }
        if (parsed.rows() == 0) {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.noRows"));
        }
        problems.addAll(sheet.rows.problems);
        if (parsed.rows() == 0) {
            return new Run(parsed, List.of(), problems);
        }
        problems.addAll(sheet.check());
        if (!problems.isEmpty()) {
            return new Run(parsed, List.of(), problems);
        }
        long checked = System.nanoTime();
        List<RowOutcome> outcomes = sheet.apply();
        log.info("Dispatch sheet import of {} rows: read in {} ms, checked in {} ms, applied in {} ms", parsed.rows(),
                (read - started) / 1_000_000, (checked - read) / 1_000_000, (System.nanoTime() - checked) / 1_000_000);
        return new Run(parsed, outcomes, problems);
    }

    /** One sheet's reports: staged row by row as the file is read, then checked against the month's period and written. */
    private final class Sheet implements LedgerReader.RowSink {

        private final YearMonth month;
        private final ReportBatch.Batch batch;
        private final Rows rows = new Rows();

        Sheet(YearMonth month, CurrentUser by) {
            this.month = month;
            this.batch = reportBatch.open(by);
        }

        @Override
        public void accept(DataRow row) {
            ReportBatch.Row read = rows.read(row);
            if (read != null) {
                batch.add(read);
            }
        }

        /** A 1-N月 title must name the period's month. */
        List<LedgerProblem> columnProblems(LedgerReader.Parsed parsed) {
            List<LedgerProblem> problems = new ArrayList<>();
            for (LedgerReader.Column column : parsed.columns()) {
                Matcher m = LedgerField.MONTHS.matcher(LedgerTitles.normalize(column.title()));
                if (column.field() == LedgerField.YTD_AMOUNT && m.find() && Integer.parseInt(m.group(1)) != month.getMonthValue()) {
                    problems.add(new LedgerProblem(column.sheet(), null, column.title(), "dispatch.error.ytdMonth",
                            String.valueOf(month.getMonthValue())));
                }
            }
            return problems;
        }

        /** The batch's problems (the period, matching, the rules of a report), each named by sheet, row and column. */
        List<LedgerProblem> check() {
            List<LedgerProblem> problems = new ArrayList<>();
            for (BatchProblem p : batch.check(month)) {
                if (p.rowNo() < 0) {
                    problems.add(new LedgerProblem(null, null, null, p.messageKey(), p.args()));
                    continue;
                }
                LedgerRows.Where where = rows.where.get(p.rowNo());
                Object[] args = p.messageKey().equals("dispatch.error.duplicateProject")
                        ? new Object[] {rows.where.get((Integer) p.args()[0]).number()} : p.args();
                LedgerField field = FIELDS.get(p.field());
                problems.add(new LedgerProblem(where.sheet(), where.number(),
                        field == null ? null : rows.title(where.sheet(), field), p.messageKey(), args));
            }
            return problems;
        }

        List<RowOutcome> apply() {
            List<RowOutcome> outcomes = new ArrayList<>();
            for (BatchOutcome o : batch.apply()) {
                LedgerRows.Where where = rows.where.get(o.rowNo());
                outcomes.add(new RowOutcome(where.sheet(), where.number(), o.projectId(), o.code(), o.name(),
                        Outcome.valueOf(o.kind().name())));
            }
            return outcomes;
        }
    }

    /** Reads sheet rows into report rows, one at a time, remembering where each came from. */
    private static final class Rows {

        private final List<LedgerRows.Where> where = new ArrayList<>();
        private final Map<String, Map<LedgerField, LedgerReader.Column>> columnsBySheet = new java.util.HashMap<>();
        private final List<LedgerProblem> problems = new ArrayList<>();

        /** The row's report, or null when the row gives none of the period's values (an exported project not yet reported). */
        ReportBatch.Row read(DataRow row) {
            columnsBySheet.putIfAbsent(row.sheet(), row.columns());
            if (PERIOD_COLUMNS.stream().allMatch(field -> row.cell(field).isBlank())) {
                return null;
            }
            int rowNo = where.size();
            where.add(new LedgerRows.Where(row.sheet(), row.number()));
            int before = problems.size();
            String name = text(row, LedgerField.NAME);
            String owner = text(row, LedgerField.OWNER);
            if (name == null) {
                problem(row, LedgerField.NAME, "ledger.error.required");
            }
            if (owner == null && text(row, LedgerField.CODE) == null) {
                problem(row, LedgerField.OWNER, "ledger.error.required");
            }
            BigDecimal period = amount(row, LedgerField.PERIOD_AMOUNT);
            BigDecimal ytd = amount(row, LedgerField.YTD_AMOUNT);
            String state = text(row, LedgerField.START_STATE);
            Boolean started = state == null ? null : read(row, LedgerField.START_STATE, () -> LedgerValues.startState(state));
            CellValue startCell = row.cell(LedgerField.ACTUAL_START);
            LocalDate startedOn = startCell.isBlank() ? null : read(row, LedgerField.ACTUAL_START, () -> LedgerValues.date(startCell));
            return new ReportBatch.Row(rowNo, problems.size() > before, text(row, LedgerField.CODE), name, owner, period, ytd,
                    started, startedOn, text(row, LedgerField.IMAGE_PROGRESS), text(row, LedgerField.PROBLEMS));
        }

        String title(String sheet, LedgerField field) {
            LedgerReader.Column column = columnsBySheet.getOrDefault(sheet, Map.of()).get(field);
            return column == null ? field.exportTitle() : column.title();
        }

        private BigDecimal amount(DataRow row, LedgerField field) {
            CellValue cell = row.cell(field);
            if (cell.isBlank()) {
                return null;
            }
            Money money = read(row, field, () -> LedgerValues.amount(cell, row.columns().get(field).unit()));
            return money == null ? null : money.wan().setScale(Money.SCALE);
        }

        private <T> T read(DataRow row, LedgerField field, Supplier<T> reading) {
            return LedgerRows.read(row, field, reading, problems);
        }

        private void problem(DataRow row, LedgerField field, String key) {
            problems.add(new LedgerProblem(row.sheet(), row.number(), row.title(field), key));
        }

        private static String text(DataRow row, LedgerField field) {
            CellValue cell = row.cell(field);
            return cell.isBlank() ? null : cell.asText().strip();
        }
    }
}
