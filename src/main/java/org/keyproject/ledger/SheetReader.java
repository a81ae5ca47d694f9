package org.keyproject.ledger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.util.CellRangeAddress;
import org.keyproject.common.Money;
import org.keyproject.ledger.LedgerReader.Column;
import org.keyproject.ledger.LedgerReader.DataRow;
import org.keyproject.ledger.LedgerReader.RowSink;

/**
 * The reading of one sheet, fed row by row in order by either file format and keeping only a small
 * window: finds the header below any title rows (two-row headers under merged cells too), hands each
 * project row on with its section (分组标题) and the sheet's title, skips empty, section and subtotal
 * rows, and checks 合计 rows against running sums of the sheet's rows once the sheet is read.
 */
final class SheetReader {

    /** How many rows from the top may hold titles before the header. */
    private static final int HEADER_SEARCH_ROWS = 30;
    private static final int MIN_HEADER_MATCHES = 3;
    /** Larger merged areas (whole columns or rows) say nothing about cells and are ignored. */
    private static final long MAX_MERGED_CELLS = 10_000;
    /** 合计, 全市合计, 总计（50个）, 小计: a label, not a project name. */
    private static final Pattern TOTAL_LABEL = Pattern.compile("^[^\\d]{0,4}?(合计|总计|小计)(\\(.*\\)|[:：].*|\\d.*)?$");
    /** 一、 （三） (一) 1、 2. in front of a section's name (on normalised text; 1.5 is a number, not an ordinal). */
    private static final Pattern ORDINAL = Pattern.compile("^(?:[一二三四五六七八九十]{1,3}[、.．]|\\([一二三四五六七八九十]{1,3}\\)|\\d{1,2}[、.．])(?=\\D)");
    /** 产业项目（120个）, 社会民生类: a group of projects named without an ordinal. */
    private static final Pattern GROUP = Pattern.compile("^\\D{1,30}?(项目|类)(\\([^)]*\\))?$");
    private static final List<LedgerField> CHECKED_TOTALS = List.of(LedgerField.TOTAL_INVESTMENT, LedgerField.PLANNED_INVESTMENT);

    /** One row of a sheet as the file holds it: its cells by column index, blank cells that exist included. */
    record SheetRow(int index, Map<Integer, CellValue> cells, int width) {

        CellValue at(int column) {
            return cells.getOrDefault(column, CellValue.EMPTY);
        }
    }

    private final String sheet;
    /** Columns without which no row of this kind of sheet can be read. */
    private final java.util.Set<LedgerField> required;
    private final List<LedgerProblem> problems;
    private final RowSink sink;
    private final MergedCells merged;
    private final List<Column> columns = new ArrayList<>();
    private final Map<LedgerField, Column> byField = new EnumMap<>(LedgerField.class);
    private final Map<LedgerField, Column> fieldColumns = Collections.unmodifiableMap(byField);
    private final List<String> titles = new ArrayList<>();
    private final List<Total> totals = new ArrayList<>();
    private final Map<LedgerField, Sum> sums = new EnumMap<>(LedgerField.class);
    private Integer year;
    private Unit sheetUnit;
    private int firstRow = -1;
    /** The header row found, waiting for the row below to tell whether the header takes two rows. */
    private SheetRow header;
    private boolean reading;
    private boolean noHeader;
    private String sheetTitle;
    private String section;

    SheetReader(String sheet, List<CellRangeAddress> merged, java.util.Set<LedgerField> required, List<LedgerProblem> problems,
                RowSink sink) {
        this.sheet = sheet;
        this.required = required;
        this.problems = problems;
        this.sink = sink;
        this.merged = new MergedCells(merged);
    }

    /** The columns understood, once the header is found. */
    List<Column> columns() {
        return columns;
    }

    /** The list year named in the title rows or the header, if any. */
    Integer year() {
        return year;
    }

    /** The next row of the sheet; rows come in order, rows the file does not hold are left out. */
    void row(SheetRow row) {
        if (header != null && row.index() != header.index() + 1) {
            understandHeader(header, null);
        }
        merged.advanceTo(row);
        if (header != null) {
            boolean second = isSubHeader(row);
            understandHeader(header, second ? row : null);
            if (second) {
                return;
            }
        }
        if (reading) {
            data(row);
        } else if (!noHeader) {
            searchHeader(row);
        }
    }

    /** Ends the sheet: checks its 合计 rows; false when it has no header (a note or a cover page). */
    boolean finish() {
        if (header != null) {
            understandHeader(header, null);
        }
        if (!reading) {
            return false;
        }
        for (Total total : totals) {
            checkTotal(total);
        }
        return true;
    }

    private void searchHeader(SheetRow row) {
        if (firstRow < 0) {
            firstRow = row.index();
        }
        if (row.index() > firstRow + HEADER_SEARCH_ROWS) {
            noHeader = true;
            return;
        }
        int matches = 0;
        for (int c = 0; c < row.width(); c++) {
            if (LedgerTitles.parse(headerText(row, c)).field() != null) {
                matches++;
            }
        }
        if (matches >= MIN_HEADER_MATCHES) {
            header = row;
            return;
        }
        for (int c = 0; c < row.width(); c++) {
            String text = row.at(c).display();
            if (year == null) {
                year = LedgerTitles.yearIn(text).orElse(null);
            }
            if (sheetUnit == null) {
                sheetUnit = LedgerTitles.unitNoteIn(text).orElse(null);
            }
            if (!text.isBlank()) {
                titles.add(text.strip());
            }
        }
    }

    /**
     * A header may take two rows: a merged title over two columns (投资情况 over 总投资 | 年度计划投资)
     * with the columns' own titles below. The second row counts as header when it names a known
     * column and holds no number (data rows do).
     */
    private void understandHeader(SheetRow top, SheetRow below) {
        header = null;
        reading = true;
        sheetTitle = titles.isEmpty() ? null : String.join(" ", titles);
        int width = Math.max(top.width(), below == null ? 0 : below.width());
        for (int c = 0; c < width; c++) {
            String upperText = headerText(top, c);
            if (below == null && isInsideHorizontalMerge(top.index(), c)) {
                continue;
            }
            String bottom = below == null ? "" : headerText(below, c);
            LedgerTitles.Title upper = LedgerTitles.parse(upperText);
            LedgerTitles.Title lower = LedgerTitles.parse(bottom);
            LedgerTitles.Title chosen;
            String title;
            if (!bottom.isBlank() && !bottom.equals(upperText) && lower.field() != null) {
                chosen = lower;
                title = bottom;
            } else if (upper.field() != null) {
                chosen = upper;
                title = upperText;
            } else {
                chosen = lower.field() == null ? upper : lower;
                title = bottom.isBlank() || bottom.equals(upperText) ? upperText
                        : upperText.isBlank() ? bottom : upperText + "/" + bottom;
            }
            title = title.strip().replaceAll("\\s+", "");
            if (title.isEmpty()) {
                continue;
            }
            Unit unit = chosen.unit() != null ? chosen.unit() : upper.unit() != null ? upper.unit() : sheetUnit;
            if (year == null) {
                year = Optional.ofNullable(chosen.year()).orElse(upper.year());
            }
            LedgerField field = chosen.field();
            if (field != null && byField.containsKey(field)) {
                problems.add(new LedgerProblem(sheet, top.index() + 1, title, "ledger.error.duplicateColumn",
                        byField.get(field).title()));
                field = null;
            }
            Column column = new Column(sheet, c, title, field,
                    field != null && field.amount() ? (unit == null ? Unit.WAN : unit) : null);
            columns.add(column);
            if (field != null) {
                byField.put(field, column);
            }
        }
        for (LedgerField field : required) {
            if (!byField.containsKey(field)) {
                problems.add(new LedgerProblem(sheet, top.index() + 1, field.exportTitle(), "ledger.error.missingColumn"));
            }
        }
    }

    private boolean isSubHeader(SheetRow row) {
        boolean names = false;
        for (int c = 0; c < row.width(); c++) {
            CellValue cell = row.at(c);
            if (cell.number() != null || cell.date() != null) {
                return false;
            }
            CellRangeAddress range = merged.at(row.index(), c);
            boolean own = range == null || range.getFirstRow() == row.index();
            if (own && LedgerTitles.parse(headerText(row, c)).field() != null) {
                names = true;
            }
        }
        return names;
    }

    private void data(SheetRow row) {
        Map<LedgerField, CellValue> cells = new EnumMap<>(LedgerField.class);
        for (Map.Entry<LedgerField, Column> e : byField.entrySet()) {
            CellValue value = dataCell(row, e.getValue().index());
            if (!value.isBlank()) {
                cells.put(e.getKey(), value);
            }
        }
        String label = rowLabel(row, cells);
        if (label.startsWith("合计") || label.startsWith("总计")) {
            Map<LedgerField, CellValue> stated = new EnumMap<>(LedgerField.class);
            for (LedgerField field : CHECKED_TOTALS) {
                stated.put(field, cells.getOrDefault(field, CellValue.EMPTY));
            }
            totals.add(new Total(row.index() + 1, stated));
            return;
        }
        if (label.startsWith("小计") || label.startsWith("其中")) {
            return;
        }
        String heading = sectionLabel(row, cells);
        if (heading != null) {
            section = heading;
            return;
        }
        boolean project = cells.containsKey(LedgerField.NAME) || cells.containsKey(LedgerField.CODE)
                || cells.containsKey(LedgerField.OWNER) || cells.containsKey(LedgerField.TOTAL_INVESTMENT);
        if (project) {
            DataRow dataRow = new DataRow(sheet, row.index() + 1, cells, fieldColumns, section, sheetTitle);
            addToSums(dataRow);
            sink.accept(dataRow);
        }
    }

    /** 合计 (total) rows: recognised by their first cells or name cell, checked, never imported. */
    private String rowLabel(SheetRow row, Map<LedgerField, CellValue> cells) {
        StringBuilder label = new StringBuilder();
        for (int c = 0; c < Math.min(3, row.width()); c++) {
            label.append(row.at(c).display());
        }
        String nameCell = cells.getOrDefault(LedgerField.NAME, CellValue.EMPTY).display();
        if (!mayBeLabel(label) && !mayBeLabel(nameCell)) {
            return ""; // most rows: spares normalising every row's name
        }
        String first = LedgerTitles.normalize(label.toString());
        String name = LedgerTitles.normalize(nameCell);
        for (String candidate : List.of(first, name)) {
            Matcher m = TOTAL_LABEL.matcher(candidate);
            if (m.matches()) {
                return m.group(1);
            }
            if (candidate.startsWith("其中")) {
                return "其中";
            }
        }
        return "";
    }

    /** Whether text may say 合计, 总计, 小计 or 其中 at all. */
    private static boolean mayBeLabel(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '计' || text.charAt(i) == '其') {
                return true;
            }
        }
        return false;
    }

    /**
     * A section row (一、产业项目（120个）, （三）社会民生项目, 1、城建项目, 基础设施类) heads the project rows
     * below it and is never a project: a label with an ordinal in front, or a group name ending in 项目
     * or 类 on a row that has nothing else, in the 序号 or 项目名称 cell or the first cell the row has;
     * never on a row with an owner. An ordinal heading may carry a 小计 amount, which is not checked.
     */
    private String sectionLabel(SheetRow row, Map<LedgerField, CellValue> cells) {
        if (cells.containsKey(LedgerField.OWNER)) {
            return null;
        }
        boolean bare = !cells.containsKey(LedgerField.CODE) && !cells.containsKey(LedgerField.REGION)
                && !cells.containsKey(LedgerField.TOTAL_INVESTMENT) && !cells.containsKey(LedgerField.PLANNED_INVESTMENT);
        CellValue first = row.cells().entrySet().stream().filter(e -> !e.getValue().isBlank())
                .min(Map.Entry.comparingByKey()).map(Map.Entry::getValue).orElse(CellValue.EMPTY);
        for (CellValue candidate : List.of(cells.getOrDefault(LedgerField.SEQUENCE, CellValue.EMPTY),
                cells.getOrDefault(LedgerField.NAME, CellValue.EMPTY), first)) {
            if (candidate.text() == null || candidate.number() != null) {
                continue;
            }
            String text = LedgerTitles.normalize(candidate.text());
            if (ORDINAL.matcher(text).find() || bare && GROUP.matcher(text).matches()) {
                return candidate.text();
            }
        }
        return null;
    }

    private void addToSums(DataRow row) {
        for (LedgerField field : CHECKED_TOTALS) {
            Column column = byField.get(field);
            if (column == null) {
                continue;
            }
            Sum sum = sums.computeIfAbsent(field, f -> new Sum());
            try {
                Money amount = LedgerValues.amount(row.cell(field), column.unit());
                if (amount != null) {
                    sum.value = sum.value.plus(amount);
                }
            } catch (LedgerValues.CellProblem e) {
                sum.unreadable = true; // reported on its own row; the total cannot be checked
            }
        }
    }

    private void checkTotal(Total total) {
        for (LedgerField field : CHECKED_TOTALS) {
            Column column = byField.get(field);
            if (column == null) {
                continue;
            }
            Sum sum = sums.getOrDefault(field, new Sum());
            Money stated;
            try {
                stated = LedgerValues.amount(total.stated().get(field), column.unit());
            } catch (LedgerValues.CellProblem e) {
                continue;
            }
            if (stated != null && !sum.unreadable && stated.compareTo(sum.value) != 0) {
                problems.add(new LedgerProblem(sheet, total.row(), column.title(), "ledger.error.totalMismatch",
                        stated.formatWan(), sum.value.formatWan()));
            }
        }
    }

    /** A header cell's text; a merged header cell gives its text to every cell it covers. */
    private String headerText(SheetRow row, int c) {
        MergedCells.Area area = merged.area(row.index(), c);
        return (area == null ? row.at(c) : area.topLeft()).display();
    }

    private boolean isInsideHorizontalMerge(int r, int c) {
        CellRangeAddress range = merged.at(r, c);
        return range != null && range.getFirstColumn() != c;
    }

    /** A data cell; a cell merged down over several rows (one leader for three projects) counts for each. */
    private CellValue dataCell(SheetRow row, int c) {
        MergedCells.Area area = merged.area(row.index(), c);
        if (area == null) {
            return row.at(c);
        }
        CellRangeAddress range = area.range();
        if (range.getFirstColumn() == range.getLastColumn()) {
            return area.topLeft();
        }
        return range.getFirstRow() == row.index() && range.getFirstColumn() == c ? row.at(c) : CellValue.EMPTY;
    }

    /** A 合计 row: its Excel row number and the amounts it states. */
    private record Total(int row, Map<LedgerField, CellValue> stated) {
    }

    /** The running sum of one amount column over the sheet's project rows. */
    private static final class Sum {
        Money value = Money.ZERO;
        boolean unreadable;
    }

    /**
     * The merged areas of a sheet, sorted by their first row. As rows go by, only the areas covering
     * the current row and the one before it are kept, each with the value of its top-left cell.
     */
    private static final class MergedCells {

        record Area(CellRangeAddress range, CellValue topLeft) {
        }

        private final List<CellRangeAddress> ranges;
        private final List<Area> active = new ArrayList<>();
        private int next;

        MergedCells(List<CellRangeAddress> ranges) {
            this.ranges = ranges.stream()
                    .filter(r -> (long) (r.getLastRow() - r.getFirstRow() + 1) * (r.getLastColumn() - r.getFirstColumn() + 1)
                            <= MAX_MERGED_CELLS)
                    .sorted(Comparator.comparingInt(CellRangeAddress::getFirstRow))
                    .toList();
        }

        void advanceTo(SheetRow row) {
            int r = row.index();
            active.removeIf(a -> a.range().getLastRow() < r - 1);
            while (next < ranges.size() && ranges.get(next).getFirstRow() <= r) {
                CellRangeAddress range = ranges.get(next++);
                if (range.getLastRow() >= r - 1) {
                    active.add(new Area(range, range.getFirstRow() == r ? row.at(range.getFirstColumn()) : CellValue.EMPTY));
                }
            }
        }

        Area area(int r, int c) {
            for (Area a : active) {
                if (a.range().isInRange(r, c)) {
                    return a;
                }
            }
            return null;
        }

        CellRangeAddress at(int r, int c) {
            Area a = area(r, c);
            return a == null ? null : a.range();
        }
    }
}
