package org.keyproject.dispatch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.keyproject.project.Category;

/**
 * The milestones (节点) a project of each category goes through, each with the standard number of
 * calendar days until the next one, and reverse scheduling (倒排工期) from a target completion date.
 * Industrial projects (产业, 工业) have all nine; infrastructure and social ones have no equipment
 * installation or trial production; an unclassified project gets the full industrial list, from which
 * the user drops what does not apply.
 */
final class MilestoneTemplates {

    static final String LAND_SUPPLY = "LAND_SUPPLY";                    // 土地供应
    static final String PLANNING_PERMIT = "PLANNING_PERMIT";            // 规划许可
    static final String ENVIRONMENTAL_REVIEW = "ENVIRONMENTAL_REVIEW";  // 环评批复
    static final String CONSTRUCTION_PERMIT = "CONSTRUCTION_PERMIT";    // 施工许可
    static final String START = "START";                                // 开工
    static final String TOPPING_OUT = "TOPPING_OUT";                    // 主体封顶
    static final String EQUIPMENT_INSTALLED = "EQUIPMENT_INSTALLED";    // 设备安装
    static final String TRIAL_PRODUCTION = "TRIAL_PRODUCTION";          // 试生产
    static final String COMPLETION = "COMPLETION";                      // 竣工投产

    /** One milestone of a template and the calendar days from it to the next (0 for the last). */
    record Step(String key, int daysToNext) {
    }

    private static final List<Step> INDUSTRIAL = List.of(
            new Step(LAND_SUPPLY, 30), new Step(PLANNING_PERMIT, 30), new Step(ENVIRONMENTAL_REVIEW, 20),
            new Step(CONSTRUCTION_PERMIT, 15), new Step(START, 240), new Step(TOPPING_OUT, 90),
            new Step(EQUIPMENT_INSTALLED, 60), new Step(TRIAL_PRODUCTION, 60), new Step(COMPLETION, 0));

    private static final List<Step> WITHOUT_PRODUCTION = List.of(
            new Step(LAND_SUPPLY, 30), new Step(PLANNING_PERMIT, 30), new Step(ENVIRONMENTAL_REVIEW, 20),
            new Step(CONSTRUCTION_PERMIT, 15), new Step(START, 240), new Step(TOPPING_OUT, 150),
            new Step(COMPLETION, 0));

    private MilestoneTemplates() {
    }

    static List<Step> of(Category category) {
        return switch (category) {
            case INDUSTRIAL, UNCLASSIFIED -> INDUSTRIAL;
            case INFRASTRUCTURE, SOCIAL -> WITHOUT_PRODUCTION;
        };
    }

    static boolean isTemplateKey(String key) {
        return INDUSTRIAL.stream().anyMatch(s -> s.key().equals(key));
    }

    /**
     * 倒排工期: the last milestone falls on the target date, each earlier one its standard duration
     * before the next. Template milestones carry no name of their own.
     */
    static List<Milestone> schedule(Category category, LocalDate target) {
        List<Step> steps = of(category);
        List<Milestone> backwards = new ArrayList<>(steps.size());
        LocalDate next = target;
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            LocalDate date = before(next, step.daysToNext());
            backwards.add(new Milestone(step.key(), null, date));
            next = date;
        }
        Collections.reverse(backwards);
        return backwards;
    }

    /**
     * Counts calendar days. This is where the working-day calendar (calendar module: weekends,
     * statutory holidays, 调休 working weekends) will plug in once it exists, for durations counted
     * in working days.
     */
    private static LocalDate before(LocalDate date, int days) {
        return date.minusDays(days);
    }
}
