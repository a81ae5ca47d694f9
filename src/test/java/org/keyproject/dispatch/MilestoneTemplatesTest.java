package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.project.Category;

class MilestoneTemplatesTest {

    @Test
    void industrialProjectsHaveAllNineMilestonesInOrder() {
        assertThat(keys(Category.INDUSTRIAL)).containsExactly("LAND_SUPPLY", "PLANNING_PERMIT", "ENVIRONMENTAL_REVIEW",
                "CONSTRUCTION_PERMIT", "START", "TOPPING_OUT", "EQUIPMENT_INSTALLED", "TRIAL_PRODUCTION", "COMPLETION");
    }

    @Test
    void infrastructureAndSocialProjectsHaveNoEquipmentOrTrialProduction() {
        for (Category category : List.of(Category.INFRASTRUCTURE, Category.SOCIAL)) {
            assertThat(keys(category)).hasSize(7).doesNotContain("EQUIPMENT_INSTALLED", "TRIAL_PRODUCTION")
                    .startsWith("LAND_SUPPLY").endsWith("COMPLETION");
        }
    }

    @Test
    void unclassifiedProjectsGetTheFullList() {
        assertThat(keys(Category.UNCLASSIFIED)).isEqualTo(keys(Category.INDUSTRIAL));
    }

    @Test
    void reverseSchedulingEndsOnTheTargetAndStepsBackByTheStandardDurations() {
        List<Milestone> plan = MilestoneTemplates.schedule(Category.INDUSTRIAL, LocalDate.of(2026, 12, 31));

        assertThat(plan).extracting(Milestone::key).isEqualTo(keys(Category.INDUSTRIAL));
        assertThat(plan.get(8).plannedOn()).isEqualTo(LocalDate.of(2026, 12, 31));          // completion
        assertThat(plan.get(7).plannedOn()).isEqualTo(LocalDate.of(2026, 11, 1));           // trial production, 60 days before
        assertThat(plan.get(6).plannedOn()).isEqualTo(LocalDate.of(2026, 9, 2));            // equipment, 60 days before
        assertThat(plan.get(5).plannedOn()).isEqualTo(LocalDate.of(2026, 6, 4));            // topping-out, 90 days before
        assertThat(plan.get(4).plannedOn()).isEqualTo(LocalDate.of(2025, 10, 7));           // start, 240 days before
        assertThat(plan.get(0).plannedOn()).isEqualTo(LocalDate.of(2025, 10, 7).minusDays(15 + 20 + 30 + 30));
        for (int i = 1; i < plan.size(); i++) {
            assertThat(plan.get(i).plannedOn()).isAfter(plan.get(i - 1).plannedOn());
        }
        assertThat(plan).allSatisfy(m -> assertThat(m.name()).isNull());
    }

    @Test
    void socialProjectsReachCompletionOneHundredFiftyDaysAfterToppingOut() {
        List<Milestone> plan = MilestoneTemplates.schedule(Category.SOCIAL, LocalDate.of(2026, 6, 30));

        assertThat(plan.get(5).key()).isEqualTo("TOPPING_OUT");
        assertThat(plan.get(5).plannedOn()).isEqualTo(LocalDate.of(2026, 6, 30).minusDays(150));
    }

    private static List<String> keys(Category category) {
        return MilestoneTemplates.of(category).stream().map(MilestoneTemplates.Step::key).toList();
    }
}
