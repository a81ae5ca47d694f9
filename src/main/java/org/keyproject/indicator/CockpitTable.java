package org.keyproject.indicator;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.keyproject.common.Money;

/**
 * A table of the cockpit (驾驶舱), shown on the page and written to Excel from the same cells, so that
 * the file holds exactly what the page shows: counts, amounts exact in 万元, rates and points as
 * published. {@code name} is the table's name in the export URL.
 */
record CockpitTable(String name, String titleKey, List<Column> columns, List<List<Cell>> rows) {

    enum Kind {
        TEXT, COUNT, AMOUNT, RATE, POINTS
    }

    /** A column's header (a message key) and what its cells hold. */
    record Column(String headerKey, Kind kind) {
    }

    /** One value and where it leads: the projects behind a figure, a project, or nothing (null). */
    record Cell(Kind kind, Object value, String link) {

        static Cell text(String value, String link) {
            return new Cell(Kind.TEXT, value, link);
        }

        /** The value as the page prints it: 1,234; 1,234.5 (万元); 77.3%; +13.8; — when there is none. */
        public String shown() {
            if (value == null || (value instanceof String s && s.isBlank())) {
                return "—";
            }
            return switch (kind) {
                case TEXT -> value.toString();
                case COUNT -> new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
                case AMOUNT -> Money.wan(decimal(value)).formatWan();
                case RATE -> decimal(value).toPlainString() + "%";
                case POINTS -> signed(decimal(value));
            };
        }

        /** Behind 序时进度 (or fallen): the page marks it. */
        public boolean negative() {
            return kind == Kind.POINTS && value instanceof Number n && decimal(n).signum() < 0;
        }

        /** Counts are whole numbers, rates and amounts decimals: both print exactly. */
        private static BigDecimal decimal(Object value) {
            return value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
        }

        private static String signed(BigDecimal points) {
            return (points.signum() > 0 ? "+" : "") + points.toPlainString();
        }
    }

    /** The page's way of printing a figure outside a table (templates call only public methods). */
    static final class Shown {

        public String count(Object value) {
            return new Cell(Kind.COUNT, value, null).shown();
        }

        public String wan(Object value) {
            return new Cell(Kind.AMOUNT, value, null).shown();
        }

        /** 亿元, two decimals half up, as bulletins print it. */
        public String yi(Object value) {
            return value == null ? "—" : Money.wan((BigDecimal) value).formatYi();
        }

        public String rate(Object value) {
            return new Cell(Kind.RATE, value, null).shown();
        }

        public String points(Object value) {
            return new Cell(Kind.POINTS, value, null).shown();
        }

        public boolean negative(Object value) {
            return new Cell(Kind.POINTS, value, null).negative();
        }
    }
}
