package org.keyproject.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellRangeAddress;
import org.keyproject.common.Money;

/**
 * Reads a ledger workbook (.xlsx or .xls) into rows of cells keyed by field, without touching the
 * database: finds the header below any title rows, understands its titles (two-row headers under
 * merged cells too), skips empty, section and subtotal rows, and checks 合计 rows against the rows.
 */
final class LedgerReader {

    /** How many rows from the top may hold titles before the header. */
    private static final int HEADER_SEARCH_ROWS = 30;
    private static final int MIN_HEADER_MATCHES = 3;
    /** 合计, 全市合计, 总计（50个）, 小计: a label, not a project name. */
    private static final Pattern TOTAL_LABEL = Pattern.compile("^[^\\d]{0,4}?(合计|总计|小计)(\\(.*\\)|[:：].*|\\d.*)?$");

    private LedgerReader() {
    }

    /** One column of one sheet as understood; field is null for a column the import does not know. */
    record Column(String sheet, int index, String title, LedgerField field, Unit unit) {
    }

    /** One data row: its cells by field, and the columns they came from (for messages and units). */
    record DataRow(String sheet, int number, Map<LedgerField, CellValue> cells, Map<LedgerField, Column> columns,
                   String section, String sheetTitle) {

        CellValue cell(LedgerField field) {
            return cells.getOrDefault(field, CellValue.EMPTY);
        }

        boolean has(LedgerField field) {
            return columns.containsKey(field);
        }

        String title(LedgerField field) {
            Column column = columns.get(field);
            return column == null ? field.exportTitle() : column.title();
        }
    }

    /** Receives the reader's rows in file order, one at a time. */
    @FunctionalInterface
    interface RowSink {
        void accept(DataRow row);
    }

    /** Told how far reading has come: rows read so far, and the rows expected in all sheets (-1 when unknown). */
    @FunctionalInterface
    interface ReadProgress {
        ReadProgress NONE = (done, expected) -> { };

        void rowsRead(int done, int expected);
    }

    record Parsed(List<Column> columns, int rows, Integer year, List<LedgerProblem> problems) {

        List<String> unknownColumns() {
            return columns.stream().filter(c -> c.field() == null).map(Column::title).toList();
        }
    }

    static Parsed read(byte[] content, RowSink sink, ReadProgress progress) {
        List<LedgerProblem> problems = new ArrayList<>();
        Workbook opened;
        try {
            opened = WorkbookFactory.create(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            // not a spreadsheet, encrypted, damaged, or a zip bomb POI refuses to inflate
            problems.add(new LedgerProblem(null, null, null, "ledger.error.unreadable"));
            return new Parsed(List.of(), 0, null, problems);
        }
        try (Workbook workbook = opened) {
            List<Column> columns = new ArrayList<>();
            List<DataRow> rows = new ArrayList<>();
            Integer year = null;
            boolean headerFound = false;
            for (Sheet sheet : workbook) {
                if (workbook.isSheetHidden(workbook.getSheetIndex(sheet))) {
                    continue;
                }
                SheetReader reader = new SheetReader(sheet, problems);
                if (!reader.findHeader()) {
                    continue;
                }
                headerFound = true;
                columns.addAll(reader.columns);
                rows.addAll(reader.readRows());
                if (year == null) {
                    year = reader.year;
                }
            }
            if (!headerFound) {
                problems.add(new LedgerProblem(null, null, null, "ledger.error.noHeader"));
            }
            rows.forEach(sink::accept);
            progress.rowsRead(rows.size(), rows.size());
            return new Parsed(columns, rows.size(), year, problems);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class SheetReader {

        private final Sheet sheet;
        private final List<LedgerProblem> problems;
        private final DataFormatter formatter = new DataFormatter();
        /** Merged areas by the cells they cover, pointing at their top-left cell. */
        private final Map<Long, CellRangeAddress> merged = new HashMap<>();
        private final List<Column> columns = new ArrayList<>();
        private final Map<LedgerField, Column> byField = new EnumMap<>(LedgerField.class);
        private int firstDataRow;
        private Integer year;

        SheetReader(Sheet sheet, List<LedgerProblem> problems) {
            this.sheet = sheet;
            this.problems = problems;
            for (CellRangeAddress range : sheet.getMergedRegions()) {
                if (range.getNumberOfCells() > 10_000) {
                    continue;
                }
                for (int r = range.getFirstRow(); r <= range.getLastRow(); r++) {
                    for (int c = range.getFirstColumn(); c <= range.getLastColumn(); c++) {
                        merged.put(key(r, c), range);
                    }
                }
            }
        }

        boolean findHeader() {
            int first = Math.max(sheet.getFirstRowNum(), 0);
            int last = Math.min(sheet.getLastRowNum(), first + HEADER_SEARCH_ROWS);
            Unit sheetUnit = null;
            for (int r = first; r <= last; r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                int matches = 0;
                for (int c = 0; c < row.getLastCellNum(); c++) {
                    if (LedgerTitles.parse(headerText(r, c)).field() != null) {
                        matches++;
                    }
                }
                if (matches >= MIN_HEADER_MATCHES) {
                    understandHeader(r, sheetUnit);
                    return true;
                }
                for (int c = 0; c < row.getLastCellNum(); c++) {
                    String text = CellValue.of(row.getCell(c), formatter).display();
                    if (year == null) {
                        year = LedgerTitles.yearIn(text).orElse(null);
                    }
                    if (sheetUnit == null) {
                        sheetUnit = LedgerTitles.unitNoteIn(text).orElse(null);
                    }
                }
            }
            return false;
        }

        /**
         * A header may take two rows: a merged title over two columns (投资情况 over 总投资 | 年度计划投资)
         * with the columns' own titles below. The second row counts as header when it names a known
         * column and holds no number (data rows do).
         */
        private void understandHeader(int headerRow, Unit sheetUnit) {
            Row below = sheet.getRow(headerRow + 1);
            boolean twoRows = below != null && isSubHeader(headerRow + 1);
            firstDataRow = headerRow + (twoRows ? 2 : 1);
            int width = Math.max(sheet.getRow(headerRow).getLastCellNum(), twoRows ? below.getLastCellNum() : 0);
            for (int c = 0; c < width; c++) {
                String top = headerText(headerRow, c);
                if (!twoRows && isInsideHorizontalMerge(headerRow, c)) {
                    continue;
                }
                String bottom = twoRows ? headerText(headerRow + 1, c) : "";
                LedgerTitles.Title upper = LedgerTitles.parse(top);
                LedgerTitles.Title lower = LedgerTitles.parse(bottom);
                LedgerTitles.Title chosen;
                String title;
                if (!bottom.isBlank() && !bottom.equals(top) && lower.field() != null) {
                    chosen = lower;
                    title = bottom;
                } else if (upper.field() != null) {
                    chosen = upper;
                    title = top;
                } else {
                    chosen = lower.field() == null ? upper : lower;
                    title = bottom.isBlank() || bottom.equals(top) ? top : top.isBlank() ? bottom : top + "/" + bottom;
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
                    problems.add(new LedgerProblem(sheet.getSheetName(), headerRow + 1, title, "ledger.error.duplicateColumn",
                            byField.get(field).title()));
                    field = null;
                }
                Column column = new Column(sheet.getSheetName(), c, title, field,
                        field != null && field.amount() ? (unit == null ? Unit.WAN : unit) : null);
                columns.add(column);
                if (field != null) {
                    byField.put(field, column);
                }
            }
            for (LedgerField required : LedgerImport.REQUIRED_COLUMNS) {
                if (!byField.containsKey(required)) {
                    problems.add(new LedgerProblem(sheet.getSheetName(), headerRow + 1, required.exportTitle(),
                            "ledger.error.missingColumn"));
                }
            }
        }

        private boolean isSubHeader(int r) {
            Row row = sheet.getRow(r);
            boolean names = false;
            for (int c = 0; c < row.getLastCellNum(); c++) {
                Cell cell = row.getCell(c);
                if (cell != null && (cell.getCellType() == CellType.NUMERIC
                        || (cell.getCellType() == CellType.FORMULA && cell.getCachedFormulaResultType() == CellType.NUMERIC))) {
                    return false;
                }
                CellRangeAddress range = merged.get(key(r, c));
                boolean own = range == null || range.getFirstRow() == r;
                if (own && LedgerTitles.parse(headerText(r, c)).field() != null) {
                    names = true;
                }
            }
            return names;
        }

        List<DataRow> readRows() {
            List<DataRow> rows = new ArrayList<>();
            List<Integer> totalRows = new ArrayList<>();
            for (int r = firstDataRow; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                Map<LedgerField, CellValue> cells = new EnumMap<>(LedgerField.class);
                for (Map.Entry<LedgerField, Column> e : byField.entrySet()) {
                    CellValue value = dataCell(r, e.getValue().index());
                    if (!value.isBlank()) {
                        cells.put(e.getKey(), value);
                    }
                }
                String label = rowLabel(row, cells);
                if (label.startsWith("合计") || label.startsWith("总计")) {
                    totalRows.add(r);
                    continue;
                }
                if (label.startsWith("小计") || label.startsWith("其中")) {
                    continue;
                }
                boolean project = cells.containsKey(LedgerField.NAME) || cells.containsKey(LedgerField.CODE)
                        || cells.containsKey(LedgerField.OWNER) || cells.containsKey(LedgerField.TOTAL_INVESTMENT);
                if (project) {
                    rows.add(new DataRow(sheet.getSheetName(), r + 1, cells, byField, null, null));
                }
            }
            for (int r : totalRows) {
                checkTotal(r, rows);
            }
            return rows;
        }

        /** 合计 (total) rows: recognised by their first cells or name cell, checked, never imported. */
        private String rowLabel(Row row, Map<LedgerField, CellValue> cells) {
            StringBuilder label = new StringBuilder();
            for (int c = 0; c < Math.min(3, Math.max(row.getLastCellNum(), 0)); c++) {
                label.append(CellValue.of(row.getCell(c), formatter).display());
            }
            String first = LedgerTitles.normalize(label.toString());
            String name = LedgerTitles.normalize(cells.getOrDefault(LedgerField.NAME, CellValue.EMPTY).display());
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

        private void checkTotal(int r, List<DataRow> rows) {
            for (LedgerField field : List.of(LedgerField.TOTAL_INVESTMENT, LedgerField.PLANNED_INVESTMENT)) {
                Column column = byField.get(field);
                if (column == null) {
                    continue;
                }
                CellValue cell = dataCell(r, column.index());
                Money stated;
                Money sum = Money.ZERO;
                try {
                    stated = LedgerValues.amount(cell, column.unit());
                    for (DataRow row : rows) {
                        Money amount = LedgerValues.amount(row.cell(field), column.unit());
                        sum = amount == null ? sum : sum.plus(amount);
                    }
                } catch (LedgerValues.CellProblem e) {
                    continue; // the unreadable cell is reported on its own row
                }
                if (stated != null && stated.compareTo(sum) != 0) {
                    problems.add(new LedgerProblem(sheet.getSheetName(), r + 1, column.title(), "ledger.error.totalMismatch",
                            stated.formatWan(), sum.formatWan()));
                }
            }
        }

        /** A header cell's text; a merged header cell gives its text to every cell it covers. */
        private String headerText(int r, int c) {
            CellRangeAddress range = merged.get(key(r, c));
            int row = range == null ? r : range.getFirstRow();
            int col = range == null ? c : range.getFirstColumn();
            Row source = sheet.getRow(row);
            return source == null ? "" : CellValue.of(source.getCell(col), formatter).display();
        }

        private boolean isInsideHorizontalMerge(int r, int c) {
            CellRangeAddress range = merged.get(key(r, c));
            return range != null && range.getFirstColumn() != c;
        }

        /** A data cell; a cell merged down over several rows (one leader for three projects) counts for each. */
        private CellValue dataCell(int r, int c) {
            CellRangeAddress range = merged.get(key(r, c));
            if (range != null && range.getFirstColumn() == range.getLastColumn()) {
                Row source = sheet.getRow(range.getFirstRow());
                return source == null ? CellValue.EMPTY : CellValue.of(source.getCell(range.getFirstColumn()), formatter);
            }
            if (range != null && (range.getFirstRow() != r || range.getFirstColumn() != c)) {
                return CellValue.EMPTY;
            }
            Row row = sheet.getRow(r);
            return row == null ? CellValue.EMPTY : CellValue.of(row.getCell(c), formatter);
        }

        private static long key(int r, int c) {
            return ((long) r << 20) | c;
        }
    }
}
