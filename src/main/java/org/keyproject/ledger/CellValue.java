package org.keyproject.ledger;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
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
                if (DateUtil.isCellDateFormatted(cell)) {
                    yield new CellValue(null, null, cell.getLocalDateTimeCellValue().toLocalDate());
                }
                BigDecimal number = exact(cell.getNumericCellValue());
                String shown = cell.getCellType() == CellType.FORMULA ? number.toPlainString() : formatter.formatCellValue(cell);
                yield new CellValue(shown, number, null);
            }
            case BOOLEAN -> text(String.valueOf(cell.getBooleanCellValue()));
            default -> EMPTY;
        };
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
