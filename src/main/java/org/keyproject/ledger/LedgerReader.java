package org.keyproject.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.keyproject.ledger.SheetReader.SheetRow;
import org.xml.sax.SAXException;

/**
 * Reads a ledger workbook (.xlsx or .xls) without touching the database, handing its project rows
 * over one at a time so that a file of any length needs little memory: an .xlsx is streamed (POI's
 * event API, see {@link XlsxSheets}); an .xls (at most 65,536 rows a sheet) is loaded whole. Both
 * feed the same row-by-row reading, {@link SheetReader}.
 */
final class LedgerReader {

    /** How often, in rows, progress is told. */
    private static final int PROGRESS_STEP = 200;

    private LedgerReader() {
    }

    /** Receives the reader's rows in file order, one at a time. */
    @FunctionalInterface
    interface RowSink {
        void accept(DataRow row);
    }

    /** Told how far reading has come: rows read so far, and the rows expected in all sheets (-1 when unknown). */
    @FunctionalInterface
    interface ReadProgress {
        void rowsRead(int done, int expected);

        ReadProgress NONE = (d, e) -> { };
    }

    /** One column of one sheet as understood; field is null for a column the import does not know. */
    record Column(String sheet, int index, String title, LedgerField field, Unit unit) {
    }

    /**
     * One data row: its cells by field, the columns they came from (for messages and units), the
     * section row above it (一、产业项目（120个）) and the title rows above the sheet's header, each null
     * when there is none.
     */
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

    /** What reading found besides the rows: the columns of every sheet, how many rows went to the sink, the year. */
    record Parsed(List<Column> columns, int rows, Integer year, List<LedgerProblem> problems) {

        List<String> unknownColumns() {
            return columns.stream().filter(c -> c.field() == null).map(Column::title).toList();
        }
    }

    /** What a file format hands over: the rows expected, then each visible sheet's merged areas and rows in order. */
    interface SheetSource {
        void expect(int rows);

        void sheet(String name, List<CellRangeAddress> merged, int rows);

        void row(SheetRow row);

        void endSheet();
    }

    static Parsed read(byte[] content, RowSink sink, ReadProgress progress) {
        return read(content, LedgerImport.REQUIRED_COLUMNS, sink, progress);
    }

    /** Reads a sheet of another kind (a 调度表, say), whose rows need the given columns. */
    static Parsed read(byte[] content, java.util.Set<LedgerField> required, RowSink sink, ReadProgress progress) {
        Reading reading = new Reading(required, sink, progress);
        try {
            FileMagic magic = FileMagic.valueOf(content);
            if (magic == FileMagic.OOXML) {
                XlsxSheets.read(content, reading);
            } else if (magic == FileMagic.OLE2) {
                readXls(content, reading);
            } else {
                return reading.unreadable();
            }
        } catch (IOException | SAXException | OpenXML4JException | RuntimeException e) {
            if (reading.sinkFailure != null) {
                throw reading.sinkFailure;
            }
            // damaged, encrypted, or a zip bomb POI refuses to inflate
            return reading.unreadable();
        }
        return reading.parsed();
    }

    /** An .xls file: small enough to load whole, then given row by row like a streamed .xlsx. */
    private static void readXls(byte[] content, SheetSource out) throws IOException {
        try (HSSFWorkbook workbook = new HSSFWorkbook(new ByteArrayInputStream(content))) {
            DataFormatter formatter = new DataFormatter();
            List<Sheet> visible = new ArrayList<>();
            int expected = 0;
            for (Sheet sheet : workbook) {
                if (!workbook.isSheetHidden(workbook.getSheetIndex(sheet))) {
                    visible.add(sheet);
                    expected += sheet.getLastRowNum() + 1;
                }
            }
            out.expect(expected);
            for (Sheet sheet : visible) {
                out.sheet(sheet.getSheetName(), sheet.getMergedRegions(), sheet.getLastRowNum() + 1);
                for (Row row : sheet) {
                    Map<Integer, CellValue> cells = new HashMap<>();
                    for (Cell cell : row) {
                        cells.put(cell.getColumnIndex(), CellValue.of(cell, formatter));
                    }
                    out.row(new SheetRow(row.getRowNum(), cells, Math.max(row.getLastCellNum(), 0)));
                }
                out.endSheet();
            }
        }
    }

    /** Collects what the sheets found, counts the rows for the progress, and keeps no row. */
    private static final class Reading implements SheetSource {

        private final java.util.Set<LedgerField> required;
        private final RowSink sink;
        private final ReadProgress progress;
        private final List<LedgerProblem> problems = new ArrayList<>();
        private final List<Column> columns = new ArrayList<>();
        private RuntimeException sinkFailure;
        private SheetReader current;
        private Integer year;
        private boolean headerFound;
        private int rows;
        private int expected = -1;
        /** Rows of the sheets before the current one, and the current sheet's expected rows. */
        private int before;
        private int sheetRows;
        private int done;
        private int told;

        Reading(java.util.Set<LedgerField> required, RowSink sink, ReadProgress progress) {
            this.required = required;
            this.sink = sink;
            this.progress = progress;
        }

        @Override
        public void expect(int rows) {
            expected = rows;
        }

        @Override
        public void sheet(String name, List<CellRangeAddress> merged, int rows) {
            current = new SheetReader(name, merged, required, problems, this::deliver);
            sheetRows = Math.max(rows, 0);
        }

        @Override
        public void row(SheetRow row) {
            current.row(row);
            done = before + row.index() + 1;
            if (done - told >= PROGRESS_STEP) {
                tell();
            }
        }

        @Override
        public void endSheet() {
            if (current.finish()) {
                headerFound = true;
                columns.addAll(current.columns());
                if (year == null) {
                    year = current.year();
                }
            }
            before = Math.max(before + sheetRows, done);
            done = before;
            current = null;
        }

        private void deliver(DataRow row) {
            try {
                sink.accept(row);
            } catch (RuntimeException e) {
                sinkFailure = e; // the caller's failure, not the file's
                throw e;
            }
            rows++;
        }

        /** A sheet's stated size may be wrong; the rows read never exceed the rows expected. */
        private void tell() {
            told = done;
            progress.rowsRead(done, expected < 0 ? -1 : Math.max(expected, done));
        }

        Parsed unreadable() {
            problems.add(new LedgerProblem(null, null, null, "ledger.error.unreadable"));
            return new Parsed(List.copyOf(columns), rows, year, problems);
        }

        Parsed parsed() {
            if (!headerFound) {
                problems.add(new LedgerProblem(null, null, null, "ledger.error.noHeader"));
            }
            tell();
            return new Parsed(List.copyOf(columns), rows, year, problems);
        }
    }
}
