package org.keyproject.ledger;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Understanding column titles as people type them: spaces and line breaks inside titles, full-width
 * brackets, a unit in the title (总投资（亿元）), a year in front (2026年计划投资), a required-mark star.
 */
final class LedgerTitles {

    private static final Pattern UNIT = Pattern.compile("\\((?:单位[:：]?)?(亿元|万元|亿|万)\\)|[/:：](亿元|万元)$|(亿元|万元)$");
    private static final Pattern YEAR_PREFIX = Pattern.compile("^(20\\d{2})年度?");
    private static final Pattern YEAR = Pattern.compile("(20\\d{2})\\s*年");
    private static final Pattern UNIT_NOTE = Pattern.compile("单位[:：]\\s*(亿元|万元)");
    private static final Pattern PARENTHESES = Pattern.compile("\\([^)]*\\)");

    private LedgerTitles() {
    }

    /** A title as understood: the field it names (if any), the unit it states (if any), a year it carries. */
    record Title(String text, LedgerField field, Unit unit, Integer year) {
    }

    /** Whitespace of any width and line breaks removed, full-width brackets and colons made plain. */
    static String normalize(String title) {
        if (title == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(title.length());
        for (char c : title.toCharArray()) {
            switch (c) {
                case '（', '【', '[' -> out.append('(');
                case '）', '】', ']' -> out.append(')');
                case '：' -> out.append(':');
                case '／' -> out.append('/');
                case '*', '★', '※', '＊' -> { }
                default -> {
                    if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static Title parse(String raw) {
        String text = normalize(raw);
        Unit unit = null;
        Matcher u = UNIT.matcher(text);
        if (u.find()) {
            String found = u.group(1) != null ? u.group(1) : u.group(2) != null ? u.group(2) : u.group(3);
            unit = found.startsWith("亿") ? Unit.YI : Unit.WAN;
            text = text.substring(0, u.start()) + text.substring(u.end());
        }
        if (text.startsWith("其中:")) {
            text = text.substring(3); // 其中：2026年计划投资, a breakdown column under a merged title
        }
        Integer year = null;
        Matcher y = YEAR_PREFIX.matcher(text);
        if (y.find()) {
            year = Integer.valueOf(y.group(1));
            text = text.substring(y.end());
        }
        String bare = PARENTHESES.matcher(text).replaceAll("");
        LedgerField field = LedgerField.byTitle(text).or(() -> LedgerField.byTitle(bare)).orElse(null);
        return new Title(text, field, unit, year);
    }

    /** A year named in a title row ("2026年重点项目清单"). */
    static Optional<Integer> yearIn(String text) {
        Matcher m = YEAR.matcher(text == null ? "" : text);
        return m.find() ? Optional.of(Integer.valueOf(m.group(1))) : Optional.empty();
    }

    /** A unit stated for the whole sheet above the header ("单位：亿元"). */
    static Optional<Unit> unitNoteIn(String text) {
        Matcher m = UNIT_NOTE.matcher(normalize(text));
        return m.find() ? Optional.of(m.group(1).startsWith("亿") ? Unit.YI : Unit.WAN) : Optional.empty();
    }
}
