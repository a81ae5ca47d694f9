package org.keyproject.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns a ledger (台账) may carry, each with the title the export writes and the synonyms
 * found in the files people circulate. Titles are compared after {@link LedgerTitles#normalize}.
 */
public enum LedgerField {
    SEQUENCE("序号", false, "序号", "编号"),
    CODE("项目编码", false, "项目编码", "项目代码", "项目编号", "统一项目代码", "项目统一代码"),
    NAME("项目名称", false, "项目名称", "名称", "项目"),
    OWNER("建设单位", false, "建设单位", "项目单位", "业主单位", "项目业主", "建设单位名称", "项目建设单位"),
    REGION("县区", false, "县区", "县(市)区", "县(市、区)", "县市区", "区县", "所在地", "所在县区", "所在县(市)区", "属地",
            "地区", "所在地区", "所属县区", "所属地区", "所在县", "所属县", "所在区", "所属区"),
    ADDRESS("建设地点", false, "建设地点", "建设地址", "项目地址", "项目选址", "项目建设地点"),
    NATURE("建设性质", false, "建设性质", "项目性质", "性质"),
    CATEGORY("项目类别", false, "项目类别", "类别", "项目类型", "项目分类"),
    INDUSTRY("所属行业", false, "所属行业", "行业", "行业类别", "所属产业"),
    TOTAL_INVESTMENT("总投资（万元）", true, "总投资", "计划总投资", "项目总投资", "总投资额"),
    PLANNED_INVESTMENT("年度计划投资（万元）", true, "年度计划投资", "年度投资计划", "本年计划投资", "本年度计划投资",
            "年计划投资", "计划投资", "年度计划", "投资计划"),
    CONTENT_SCALE("建设内容及规模", false, "建设内容及规模", "建设内容", "建设规模", "建设规模及内容", "建设内容和规模",
            "主要建设内容", "主要建设内容及规模"),
    PLANNED_START("计划开工时间", false, "计划开工时间", "计划开工日期", "开工时间"),
    PLANNED_COMPLETION("计划竣工时间", false, "计划竣工时间", "计划竣工日期", "竣工时间", "计划完工时间", "计划投产时间"),
    ACTUAL_START("实际开工时间", false, "实际开工时间", "实际开工日期", "开工日期"),
    ACTUAL_COMPLETION("实际竣工时间", false, "实际竣工时间", "实际竣工日期", "实际完工时间", "竣工日期"),
    LEADER("包保领导", false, "包保领导", "包抓领导", "责任领导", "包联领导", "分包领导", "包保责任领导"),
    DEPARTMENT("责任单位", false, "责任单位", "牵头单位", "牵头部门", "责任部门"),
    COMMISSIONER("项目专员", false, "项目专员", "项目管家", "服务专员"),
    TASK_FORCE("工作专班", false, "工作专班", "专班"),
    TARGET("年度目标", false, "年度目标", "年度建设目标"),
    PLANNED_START_MONTH("计划开工月份", false, "计划开工月份", "开工月份"),
    // the columns of a dispatch sheet (调度表)
    PERIOD_AMOUNT("本月完成投资（万元）", true, "本月完成投资", "本期完成投资", "当月完成投资"),
    /** 1-N月完成投资: a title's month (1-5月) is read as N, see {@link #MONTHS}. */
    YTD_AMOUNT("1-N月完成投资（万元）", true, "1-N月完成投资", "1-N月累计完成投资", "累计完成投资", "本年累计完成投资"),
    START_STATE("开复工情况", false, "开复工情况", "开复工状态", "开工情况"),
    IMAGE_PROGRESS("形象进度", false, "形象进度", "工程形象进度", "项目形象进度"),
    PROBLEMS("存在问题", false, "存在问题", "存在的问题", "存在问题及困难");

    /** The months of a year-to-date title (1-5月, 1至5月): group 1 is N. */
    static final java.util.regex.Pattern MONTHS = java.util.regex.Pattern.compile("^1[-~～至到—－](\\d{1,2})月");

    private static final Map<String, LedgerField> BY_TITLE = new HashMap<>();

    static {
        for (LedgerField field : values()) {
            for (String title : field.synonyms) {
                BY_TITLE.put(LedgerTitles.normalize(title), field);
            }
        }
    }

    private final String exportTitle;
    private final boolean amount;
    private final List<String> synonyms;

    LedgerField(String exportTitle, boolean amount, String... synonyms) {
        this.exportTitle = exportTitle;
        this.amount = amount;
        this.synonyms = List.of(synonyms);
    }

    /** The title the export writes (and the import reads back). */
    public String exportTitle() {
        return exportTitle;
    }

    /** Whether the column holds money (万元 unless the header or the cell says 亿元). */
    public boolean amount() {
        return amount;
    }

    public List<String> synonyms() {
        return synonyms;
    }

    public String messageKey() {
        return "ledger.field." + name();
    }

    /** The field a normalised title (without its unit) names. */
    static Optional<LedgerField> byTitle(String normalizedTitle) {
        return Optional.ofNullable(BY_TITLE.get(MONTHS.matcher(normalizedTitle).replaceFirst("1-N月")));
    }
}
