package org.keyproject.ledger;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.keyproject.ledger.LedgerReader.SheetSource;
import org.keyproject.ledger.SheetReader.SheetRow;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Streams the sheets of an .xlsx file with POI's event API and a SAX parser of our own, one row at
 * a time. The file is read from a temporary file: opening a package from a byte stream would inflate
 * every part into memory. Zip bombs are refused by POI's ZipSecureFile limits.
 *
 * <p>Each visible sheet is parsed twice: a first pass collects only its size ({@code <dimension>})
 * and its merged areas ({@code <mergeCells>} follows the rows in the file), the second gives the rows.
 */
final class XlsxSheets {

    private XlsxSheets() {
    }

    static void read(byte[] content, SheetSource out) throws IOException, SAXException, OpenXML4JException {
        Path file = Files.createTempFile("ledger", ".xlsx");
        try {
            Files.write(file, content);
            read(file.toFile(), out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void read(File file, SheetSource out) throws IOException, SAXException, OpenXML4JException {
        // a zip whose directory cannot be read would make POI fall back to inflating every part in memory
        new ZipSecureFile(file).close();
        OPCPackage pkg = OPCPackage.open(file, PackageAccess.READ);
        try {
            XSSFReader reader = new XSSFReader(pkg);
            WorkbookPart workbook = new WorkbookPart();
            try (InputStream in = reader.getWorkbookData()) {
                parse(in, workbook);
            }
            List<Layout> layouts = new ArrayList<>();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (sheets.hasNext()) {
                try (InputStream in = sheets.next()) {
                    if (!workbook.hidden.contains(sheets.getSheetName())) {
                        Layout layout = new Layout(sheets.getSheetName());
                        parse(in, layout);
                        layouts.add(layout);
                    }
                }
            }
            boolean sized = layouts.stream().allMatch(l -> l.rows >= 0);
            out.expect(sized ? layouts.stream().mapToInt(l -> l.rows).sum() : -1);
            Cells cells = new Cells(new ReadOnlySharedStringsTable(pkg, false), reader.getStylesTable(), workbook.date1904);
            sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            int i = 0;
            while (sheets.hasNext()) {
                try (InputStream in = sheets.next()) {
                    if (workbook.hidden.contains(sheets.getSheetName())) {
                        continue;
                    }
                    Layout layout = layouts.get(i++);
                    out.sheet(layout.name, layout.merged, layout.rows);
                    parse(in, new Rows(cells, out));
                    out.endSheet();
                }
            }
        } finally {
            pkg.revert(); // opened read-only: nothing to save
        }
    }

    private static void parse(InputStream in, ContentHandler handler) throws IOException, SAXException {
        try {
            XMLReader xml = XMLHelper.newXMLReader();
            xml.setContentHandler(handler);
            xml.parse(new org.xml.sax.InputSource(in));
        } catch (ParserConfigurationException e) {
            throw new SAXException(e);
        }
    }

    /** workbook.xml: which sheets are hidden, and whether dates count from 1904 (old Mac files). */
    private static final class WorkbookPart extends DefaultHandler {
        final Set<String> hidden = new HashSet<>();
        boolean date1904;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (localName.equals("sheet")) {
                String state = attributes.getValue("state");
                if ("hidden".equals(state) || "veryHidden".equals(state)) {
                    hidden.add(attributes.getValue("name"));
                }
            } else if (localName.equals("workbookPr")) {
                String value = attributes.getValue("date1904");
                date1904 = "1".equals(value) || "true".equals(value);
            }
        }
    }

    /** The first pass over a sheet: its last row (-1 when not stated) and its merged areas. */
    private static final class Layout extends DefaultHandler {
        final String name;
        final List<CellRangeAddress> merged = new ArrayList<>();
        int rows = -1;

        Layout(String name) {
            this.name = name;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (localName.equals("dimension")) {
                String ref = attributes.getValue("ref");
                // a lone cell (A1) is what writers put when they did not count
                rows = ref != null && ref.contains(":") ? CellRangeAddress.valueOf(ref).getLastRow() + 1 : -1;
            } else if (localName.equals("mergeCell") && attributes.getValue("ref") != null) {
                merged.add(CellRangeAddress.valueOf(attributes.getValue("ref")));
            }
        }
    }

    /** Turning a {@code <c>} element into a CellValue: shared strings, number formats, dates. */
    private static final class Cells {
        private final ReadOnlySharedStringsTable strings;
        private final StylesTable styles;
        private final boolean date1904;
        private final DataFormatter formatter = new DataFormatter();
        private final Map<Integer, Format> formats = new HashMap<>();

        Cells(ReadOnlySharedStringsTable strings, StylesTable styles, boolean date1904) {
            this.strings = strings;
            this.styles = styles;
            this.date1904 = date1904;
        }

        private record Format(int index, String text) {
        }

        CellValue value(String type, String style, boolean formula, String raw) {
            if (type == null || type.equals("n")) {
                if (raw.isBlank()) {
                    return CellValue.EMPTY;
                }
                Format format = format(style == null ? 0 : Integer.parseInt(style));
                return CellValue.numeric(Double.parseDouble(raw), formula, format.index(), format.text(), date1904, formatter);
            }
            return switch (type) {
                case "s" -> raw.isBlank() ? CellValue.EMPTY : CellValue.text(strings.getItemAt(Integer.parseInt(raw.strip())).getString());
                case "inlineStr", "str" -> CellValue.text(raw);
                case "b" -> raw.isBlank() ? CellValue.EMPTY : CellValue.text(String.valueOf(raw.strip().equals("1")));
                case "d" -> raw.length() < 10 ? CellValue.EMPTY : new CellValue(null, null, LocalDate.parse(raw.substring(0, 10)));
                default -> CellValue.EMPTY; // "e": an error such as #DIV/0!
            };
        }

        private Format format(int style) {
            return formats.computeIfAbsent(style, s -> {
                XSSFCellStyle cellStyle = styles == null || s >= styles.getNumCellStyles() ? null : styles.getStyleAt(s);
                if (cellStyle == null) {
                    return new Format(0, BuiltinFormats.getBuiltinFormat(0));
                }
                String text = cellStyle.getDataFormatString();
                int index = cellStyle.getDataFormat();
                return new Format(index, text != null ? text : BuiltinFormats.getBuiltinFormat(index));
            });
        }
    }

    /** The second pass: each {@code <row>} as a SheetRow, its cells by column, handed on at the row's end. */
    private static final class Rows extends DefaultHandler {
        private final Cells values;
        private final SheetSource out;
        private final StringBuilder text = new StringBuilder();
        private Map<Integer, CellValue> cells;
        private int row = -1;
        private int column;
        private int width;
        private String type;
        private String style;
        private boolean formula;
        private boolean collecting;
        private boolean inline;
        private boolean phonetic;

        Rows(Cells values, SheetSource out) {
            this.values = values;
            this.out = out;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (localName) {
                case "row" -> {
                    String r = attributes.getValue("r");
                    row = r == null ? row + 1 : Integer.parseInt(r) - 1;
                    cells = new HashMap<>();
                    column = -1;
                    width = 0;
                }
                case "c" -> {
                    String ref = attributes.getValue("r");
                    column = ref == null ? column + 1 : columnOf(ref);
                    type = attributes.getValue("t");
                    style = attributes.getValue("s");
                    formula = false;
                    text.setLength(0);
                }
                case "f" -> formula = true;
                case "v" -> collecting = true;
                case "is" -> inline = true;
                case "rPh" -> phonetic = true; // the reading aid above Chinese or Japanese text, not the text
                case "t" -> collecting = inline && !phonetic;
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (localName) {
                case "v", "t" -> collecting = false;
                case "rPh" -> phonetic = false;
                case "is" -> inline = false;
                case "c" -> {
                    cells.put(column, values.value(type, style, formula, text.toString()));
                    width = Math.max(width, column + 1);
                }
                case "row" -> out.row(new SheetRow(row, cells, width));
                default -> {
                }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (collecting) {
                text.append(ch, start, length);
            }
        }

        /** The column of a cell reference: AB12 → 27. */
        private static int columnOf(String ref) {
            int column = 0;
            for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
                column = column * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
            }
            return column - 1;
        }
    }
}
