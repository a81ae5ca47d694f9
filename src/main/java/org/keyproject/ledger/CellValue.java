package org.keyproject.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Date1904Support;
import org.apache.poi.ss.usermodel.DateUtil;

/**
 * What one cell holds: text, a number or a date. Numbers are taken as Excel shows them (15
 * significant digits) through BigDecimal.valueOf, never new BigDecimal(double): a cell holding
 * 2.3517 is 2.3517, not 2.351699999999999857891452847979962825775146484375.
 */
record CellValue(String text, BigDecimal number, LocalDate date) {

    static final CellValue EMPTY = new CellValue(null, null, null);
    private static final MathContext EXCEL_PRECISION = new MathContext(15, RoundingMode.HALF_EVEN);

    static CellValue of(Cell cell, DataFormatter formatter) {
        if (cell == null) {
            return EMPTY;
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> text(cell.getStringCellValue());
            case NUMERIC -> {
                CellStyle style = cell.getCellStyle();
                boolean date1904 = cell.getSheet().getWorkbook() instanceof Date1904Support w && w.isDate1904();
                yield numeric(cell.getNumericCellValue(), cell.getCellType() == CellType.FORMULA,
                        style == null ? 0 : style.getDataFormat(), style == null ? "General" : style.getDataFormatString(),
                        date1904, formatter);
            }
            case BOOLEAN -> text(String.valueOf(cell.getBooleanCellValue()));
            default -> EMPTY;
        };
    }

    /**
     * A number as a cell holds it (from a workbook or a streamed sheet alike): a date when the cell's
     * number format is a date format, else the number with the text Excel shows for it.
     */
    static CellValue numeric(double value, boolean formula, int formatIndex, String formatString, boolean date1904,
                             DataFormatter formatter) {
        if (DateUtil.isValidExcelDate(value) && DateUtil.isADateFormat(formatIndex, formatString)) {
            return new CellValue(null, null, DateUtil.getLocalDateTime(value, date1904).toLocalDate());
        }
        BigDecimal number = exact(value);
        String shown = formula ? number.toPlainString() : formatter.formatRawCellContents(value, formatIndex, formatString);
        return new CellValue(shown, number, null);
    }

    static CellValue text(String text) {
        return text == null || text.isBlank() || text.strip().isEmpty() ? EMPTY : new CellValue(text.strip(), null, null);
    }

    static BigDecimal exact(double value) {
        BigDecimal shown = BigDecimal.valueOf(value).round(EXCEL_PRECISION).stripTrailingZeros();
        return shown.scale() < 0 ? shown.setScale(0) : shown;
    }

    boolean isBlank() {
        return text == null && number == null && date == null;
    }

    /** The cell as text: a number as its plain digits (a code typed as a number stays 2026010001). */
    String asText() {
        return number != null ? number.toPlainString() : display();
    }

    /** The cell as a user would read it, for messages. */
    String display() {
        if (text != null) {
            return text;
        }
        if (number != null) {
            return number.toPlainString();
        }
        return date == null ? "" : date.toString();
    }
}
