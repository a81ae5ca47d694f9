package org.keyproject.ledger;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keyproject.common.Money;
import org.keyproject.project.Category;
import org.keyproject.project.Nature;
import org.keyproject.project.YearTarget;

/** Reading typed values out of ledger cells the way people fill them in. */
final class LedgerValues {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern DATE = Pattern.compile("^(\\d{4})\\s*[年./-]\\s*(\\d{1,2})\\s*(?:月)?(?:\\s*[./-]?\\s*(\\d{1,2})\\s*日?)?");
    private static final Pattern MONTH = Pattern.compile("^(\\d{1,2})\\s*月?$");

    private LedgerValues() {
    }

    /** A cell that cannot be read as its column needs; the caller adds where. */
    static final class CellProblem extends RuntimeException {
        final String messageKey;
        final Object[] args;

        CellProblem(String messageKey, Object... args) {
            super(messageKey, null, false, false);
            this.messageKey = messageKey;
            this.args = args;
        }
    }

    /**
     * An amount in 万元, exact: a number in the column's unit, or text such as "2,351.7", "2351.7万"
     * or "2.3517亿" (a unit in the cell wins over the header's). Null for an empty cell.
     */
    static Money amount(CellValue cell, Unit columnUnit) {
        if (cell.isBlank()) {
            return null;
        }
        Unit unit = columnUnit;
        BigDecimal value = cell.number();
        if (value == null) {
            String text = halfWidth(cell.display()).replaceAll("[,，\\s]", "");
            if (text.endsWith("元")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.endsWith("亿")) {
                unit = Unit.YI;
                text = text.substring(0, text.length() - 1);
            } else if (text.endsWith("万")) {
                unit = Unit.WAN;
                text = text.substring(0, text.length() - 1);
            }
            if (!NUMBER.matcher(text).matches()) {
                throw new CellProblem("ledger.error.amount", cell.display());
            }
            value = new BigDecimal(text);
        }
        if (value.signum() < 0) {
            throw new CellProblem("ledger.error.amountNegative", cell.display());
        }
        try {
            return unit.toMoney(value);
        } catch (ArithmeticException e) {
            throw new CellProblem("ledger.error.amountScale", cell.display());
        }
    }

    /** A date cell, or text like 2026-03-15, 2026/3/15, 2026年3月15日, 2026.3 or 2026年3月 (the 1st). */
    static LocalDate date(CellValue cell) {
        if (cell.isBlank()) {
            return null;
        }
        if (cell.date() != null) {
            return cell.date();
        }
        if (cell.number() != null && cell.number().scale() <= 0 && cell.number().intValue() > 20_000 && cell.number().intValue() < 80_000) {
            // a date typed into a cell formatted as a number: Excel's day count since 1899-12-30
            return LocalDate.of(1899, 12, 30).plusDays(cell.number().longValue());
        }
        Matcher m = DATE.matcher(halfWidth(cell.display()));
        if (m.find()) {
            try {
                int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), day);
            } catch (DateTimeException e) {
                // falls through to the problem below
            }
        }
        throw new CellProblem("ledger.error.date", cell.display());
    }

    static Integer month(CellValue cell) {
        if (cell.isBlank()) {
            return null;
        }
        Matcher m = MONTH.matcher(halfWidth(cell.asText()));
        if (m.matches()) {
            int month = Integer.parseInt(m.group(1));
            if (month >= 1 && month <= 12) {
                return month;
            }
        }
        throw new CellProblem("ledger.error.month", cell.display());
    }

    static Nature nature(CellValue cell) {
        String text = LedgerTitles.normalize(cell.display());
        if (text.startsWith("新建") || text.startsWith("新开工")) {
            return Nature.NEW;
        }
        if (text.startsWith("续建")) {
            return Nature.CONTINUING;
        }
        throw new CellProblem("ledger.error.nature", cell.display());
    }

    /** 项目类别 with whether it is 工业 (manufacturing, a sub-kind of 产业). */
    record Kind(Category category, boolean manufacturing) {
    }

    /** A 项目类别 cell: 产业, 工业, 基础设施, 社会民生 (and their usual variants), or 未分类. */
    static Kind category(CellValue cell) {
        String text = LedgerTitles.normalize(cell.display());
        if (text.contains("未分类")) {
            return new Kind(Category.UNCLASSIFIED, false);
        }
        return categoryIn(text).orElseThrow(() -> new CellProblem("ledger.error.category", cell.display()));
    }

    /**
     * The category a text names, if any: a section row (一、产业项目（120个）, （三）社会民生项目, 城建项目),
     * a title (某市2021年重点产业项目建设进展情况表) or a category cell.
     */
    static Optional<Kind> categoryIn(String raw) {
        String text = LedgerTitles.normalize(raw);
        if (text.contains("工业") || text.contains("制造")) {
            return Optional.of(new Kind(Category.INDUSTRIAL, true));
        }
        if (text.contains("产业") || text.contains("服务业") || text.contains("农业")) {
            return Optional.of(new Kind(Category.INDUSTRIAL, false));
        }
        if (text.contains("基础设施") || text.contains("基建") || text.contains("城建") || text.contains("市政")) {
            return Optional.of(new Kind(Category.INFRASTRUCTURE, false));
        }
        if (text.contains("民生") || text.contains("社会事业") || text.contains("社会")) {
            return Optional.of(new Kind(Category.SOCIAL, false));
        }
        return Optional.empty();
    }

    /**
     * A 行业 value that is a category rather than an industry (基础设施, 社会民生, 民生 …): ledgers mix
     * the two in one column. Only the category words themselves count, so 交通 stays an industry.
     */
    static Optional<Kind> categoryNamedBy(String industry) {
        String text = LedgerTitles.normalize(industry).replaceAll("(项目|类)$", "");
        return CATEGORY_WORDS.contains(text) ? categoryIn(text) : Optional.empty();
    }

    private static final Set<String> CATEGORY_WORDS = Set.of("产业", "工业", "基础设施", "基建", "城建", "市政", "社会民生",
            "民生", "社会事业");

    /** 年度目标: 新开工 / 竣工 / 续建 (and the labels the export writes). */
    static YearTarget target(CellValue cell) {
        String text = LedgerTitles.normalize(cell.display());
        if (text.contains("开工")) {
            return YearTarget.START;
        }
        if (text.contains("竣工") || text.contains("投产") || text.contains("完工")) {
            return YearTarget.COMPLETE;
        }
        if (text.contains("续建") || text.contains("推进") || text.contains("在建")) {
            return YearTarget.CONTINUE;
        }
        throw new CellProblem("ledger.error.target", cell.display());
    }

    /** The label the export writes for a target, read back by {@link #target}. */
    static String targetLabel(YearTarget target) {
        return switch (target) {
            case START -> "年内新开工";
            case COMPLETE -> "年内竣工";
            case CONTINUE -> "续建推进";
        };
    }

    static String categoryLabel(Category category, boolean manufacturing) {
        return switch (category) {
            case INDUSTRIAL -> manufacturing ? "工业" : "产业";
            case INFRASTRUCTURE -> "基础设施";
            case SOCIAL -> "社会民生";
            case UNCLASSIFIED -> "未分类";
        };
    }

    static String natureLabel(Nature nature) {
        return nature == Nature.NEW ? "新建" : "续建";
    }

    /** 开复工情况: 已开工 or 已复工 (started this year), 未开工 or 未复工 (not). */
    static boolean startState(String text) {
        return switch (text) {
            case "已开工", "已复工" -> true;
            case "未开工", "未复工" -> false;
            default -> throw new CellProblem("dispatch.error.startState", text);
        };
    }

    /** The label the export writes for 开复工情况, read back by {@link #startState}: a 续建 project resumes (复工). */
    static String startStateLabel(boolean started, boolean continuing) {
        return (started ? "已" : "未") + (continuing ? "复工" : "开工");
    }

    /** Full-width digits and punctuation (２３５１．７) as ASCII. */
    static String halfWidth(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= '！' && c <= '～' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c);
        }
        return out.toString().strip();
    }
}
