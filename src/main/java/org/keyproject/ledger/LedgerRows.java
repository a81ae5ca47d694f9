package org.keyproject.ledger;

import jakarta.validation.Validator;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.keyproject.common.Money;
import org.keyproject.ledger.LedgerReader.Column;
import org.keyproject.ledger.LedgerReader.DataRow;
import org.keyproject.ledger.LedgerValues.CellProblem;
import org.keyproject.ledger.LedgerValues.Kind;
import org.keyproject.project.BatchRow;
import org.keyproject.project.Nature;
import org.keyproject.project.ProjectForm;
import org.keyproject.project.YearTarget;

/**
 * Reads ledger rows into typed batch rows, one at a time, without the database: every cell as its
 * column needs it, the category from the category column, else a section row or a 行业 value naming
 * one, else the title; each unreadable cell, missing value, overlong text and duplicate row is a
 * problem naming sheet, row and column. Remembers only where each row came from.
 */
final class LedgerRows {

    /** The form fields (ProjectForm names) a ledger column fills, for problems that name a field. */
    static final Map<String, LedgerField> FORM_FIELDS = Map.ofEntries(
            Map.entry("code", LedgerField.CODE), Map.entry("name", LedgerField.NAME),
            Map.entry("ownerId", LedgerField.OWNER), Map.entry("ownerName", LedgerField.OWNER),
            Map.entry("regionId", LedgerField.REGION), Map.entry("address", LedgerField.ADDRESS),
            Map.entry("contentScale", LedgerField.CONTENT_SCALE), Map.entry("nature", LedgerField.NATURE),
            Map.entry("category", LedgerField.CATEGORY), Map.entry("industryId", LedgerField.INDUSTRY),
            Map.entry("totalInvestment", LedgerField.TOTAL_INVESTMENT),
            Map.entry("plannedStartDate", LedgerField.PLANNED_START),
            Map.entry("plannedCompletionDate", LedgerField.PLANNED_COMPLETION),
            Map.entry("actualStartDate", LedgerField.ACTUAL_START),
            Map.entry("actualCompletionDate", LedgerField.ACTUAL_COMPLETION),
            Map.entry("leaderId", LedgerField.LEADER), Map.entry("departmentId", LedgerField.DEPARTMENT),
            Map.entry("commissionerId", LedgerField.COMMISSIONER), Map.entry("taskForce", LedgerField.TASK_FORCE),
            Map.entry("plannedInvestment", LedgerField.PLANNED_INVESTMENT), Map.entry("target", LedgerField.TARGET),
            Map.entry("plannedStartMonth", LedgerField.PLANNED_START_MONTH));

    /** Where a row came from. */
    record Where(String sheet, int number) {
    }

    private final Map<LedgerField, Integer> maxLengths;
    private final List<Where> rows = new ArrayList<>();
    private final Map<String, Map<LedgerField, Column>> columnsBySheet = new HashMap<>();
    private final Map<String, Where> seen = new HashMap<>();
    private final List<LedgerProblem> problems = new ArrayList<>();

    LedgerRows(Validator validator) {
        this.maxLengths = maxLengths(validator);
    }

    List<LedgerProblem> problems() {
        return problems;
    }

    Where where(int rowNo) {
        return rows.get(rowNo);
    }

    /** The title a sheet gives a field's column, else the title the export writes. */
    String title(String sheet, LedgerField field) {
        Column column = columnsBySheet.getOrDefault(sheet, Map.of()).get(field);
        return column == null ? field.exportTitle() : column.title();
    }

    BatchRow read(DataRow row) {
        int rowNo = rows.size();
        rows.add(new Where(row.sheet(), row.number()));
        columnsBySheet.putIfAbsent(row.sheet(), row.columns());
        int before = problems.size();
        String code = text(row, LedgerField.CODE);
        String name = required(row, LedgerField.NAME);
        String owner = required(row, LedgerField.OWNER);
        String region = required(row, LedgerField.REGION);
        if (code != null) {
            duplicate(row, LedgerField.CODE, "code:" + code);
        }
        if (name != null && owner != null) {
            duplicate(row, LedgerField.NAME, "name:" + name + "\u0000" + owner);
        }
        Set<String> present = new HashSet<>();
        String address = optional(row, LedgerField.ADDRESS, "address", present);
        String contentScale = optional(row, LedgerField.CONTENT_SCALE, "contentScale", present);
        String taskForce = optional(row, LedgerField.TASK_FORCE, "taskForce", present);
        for (LedgerField field : List.of(LedgerField.CODE, LedgerField.NAME, LedgerField.OWNER)) {
            length(row, field, text(row, field));
        }
        CellValue natureCell = row.cell(LedgerField.NATURE);
        Nature nature = natureCell.isBlank() ? null : read(row, LedgerField.NATURE, () -> LedgerValues.nature(natureCell));
        CellValue categoryCell = row.cell(LedgerField.CATEGORY);
        Kind category = categoryCell.isBlank() ? null : read(row, LedgerField.CATEGORY, () -> LedgerValues.category(categoryCell));
        String industry = text(row, LedgerField.INDUSTRY);
        Optional<Kind> industryCategory = industry == null ? Optional.empty() : LedgerValues.categoryNamedBy(industry);
        if (industryCategory.isPresent()) {
            industry = null; // a category written in the 行业 column is no industry
        } else if (row.has(LedgerField.INDUSTRY)) {
            present.add("industryId");
        }
        Kind hint = Optional.ofNullable(row.section()).flatMap(LedgerValues::categoryIn).or(() -> industryCategory).orElse(null);
        Kind fromTitle = Optional.ofNullable(row.sheetTitle()).flatMap(LedgerValues::categoryIn).orElse(null);
        Money total = requiredAmount(row, LedgerField.TOTAL_INVESTMENT);
        Money planned = requiredAmount(row, LedgerField.PLANNED_INVESTMENT);
        LocalDate plannedStart = date(row, LedgerField.PLANNED_START, "plannedStartDate", present);
        LocalDate plannedCompletion = date(row, LedgerField.PLANNED_COMPLETION, "plannedCompletionDate", present);
        LocalDate actualStart = date(row, LedgerField.ACTUAL_START, "actualStartDate", present);
        LocalDate actualCompletion = date(row, LedgerField.ACTUAL_COMPLETION, "actualCompletionDate", present);
        String leader = optional(row, LedgerField.LEADER, "leaderId", present);
        String commissioner = optional(row, LedgerField.COMMISSIONER, "commissionerId", present);
        String department = optional(row, LedgerField.DEPARTMENT, "departmentId", present);
        CellValue targetCell = row.cell(LedgerField.TARGET);
        YearTarget target = targetCell.isBlank() ? null : read(row, LedgerField.TARGET, () -> LedgerValues.target(targetCell));
        if (row.has(LedgerField.TARGET)) {
            present.add("target");
        }
        CellValue monthCell = row.cell(LedgerField.PLANNED_START_MONTH);
        Integer month = monthCell.isBlank() ? null : read(row, LedgerField.PLANNED_START_MONTH, () -> LedgerValues.month(monthCell));
        return new BatchRow(rowNo, problems.size() > before, code, name, owner, region, address, contentScale, taskForce,
                nature, category == null ? null : category.category(), category != null && category.manufacturing(),
                hint == null ? null : hint.category(), hint != null && hint.manufacturing(),
                fromTitle == null ? null : fromTitle.category(), fromTitle != null && fromTitle.manufacturing(),
                industry, wan(total), wan(planned), plannedStart, plannedCompletion, actualStart, actualCompletion,
                leader, commissioner, department, target, month, present);
    }

    private static BigDecimal wan(Money money) {
        return money == null ? null : money.wan().setScale(Money.SCALE);
    }

    /** A text column the sheet may carry: present when it does (a blank cell then clears the value). */
    private String optional(DataRow row, LedgerField field, String formField, Set<String> present) {
        if (row.has(field)) {
            present.add(formField);
        }
        String value = text(row, field);
        length(row, field, value);
        return value;
    }

    private LocalDate date(DataRow row, LedgerField field, String formField, Set<String> present) {
        if (row.has(field)) {
            present.add(formField);
        }
        CellValue cell = row.cell(field);
        return cell.isBlank() ? null : read(row, field, () -> LedgerValues.date(cell));
    }

    /** The same project twice in the file, in one sheet or two, would be created twice. */
    private void duplicate(DataRow row, LedgerField field, String key) {
        Where first = seen.putIfAbsent(key, new Where(row.sheet(), row.number()));
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
        Column column = row.columns().get(field);
        return read(row, field, () -> LedgerValues.amount(row.cell(field), column == null ? Unit.WAN : column.unit()));
    }

    /** The form's own length limits, so that a text too long for its field is a row error. */
    private void length(DataRow row, LedgerField field, String value) {
        Integer max = maxLengths.get(field);
        if (value != null && max != null && value.length() > max) {
            problem(row, field, "ledger.error.tooLong", max);
        }
    }

    private <T> T read(DataRow row, LedgerField field, Supplier<T> reading) {
        return read(row, field, reading, problems);
    }

    /** A cell read as its column needs, or null with the problem (naming sheet, row and column) added. */
    static <T> T read(DataRow row, LedgerField field, Supplier<T> reading, List<LedgerProblem> problems) {
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

    private static String text(DataRow row, LedgerField field) {
        CellValue cell = row.cell(field);
        return cell.isBlank() ? null : cell.asText().strip();
    }

    /** The @Size limits of the project form's text fields, read once from its constraints, by column. */
    private static Map<LedgerField, Integer> maxLengths(Validator validator) {
        Map<LedgerField, Integer> limits = new HashMap<>();
        for (PropertyDescriptor property : validator.getConstraintsForClass(ProjectForm.class).getConstrainedProperties()) {
            for (ConstraintDescriptor<?> constraint : property.getConstraintDescriptors()) {
                LedgerField field = FORM_FIELDS.get(property.getPropertyName());
                if (constraint.getAnnotation() instanceof Size size && field != null && !property.getPropertyName().endsWith("Id")) {
                    limits.put(field, size.max());
                }
            }
        }
        return limits;
    }
}
