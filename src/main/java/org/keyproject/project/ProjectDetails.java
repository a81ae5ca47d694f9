package org.keyproject.project;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.keyproject.common.Money;

/** A project with everything its page and the API show. */
public record ProjectDetails(long id, String code, String name, long ownerId, String ownerName, long regionId,
                             String regionName, String address, BigDecimal longitude, BigDecimal latitude,
                             String contentScale, Nature nature, Category category, boolean manufacturing,
                             Long industryId, String industryName, BigDecimal totalInvestment, Tier tier, Stage stage,
                             LocalDate plannedStartDate, LocalDate plannedCompletionDate, LocalDate actualStartDate,
                             LocalDate actualCompletionDate, Long leaderId, String leaderName, Long departmentId,
                             String departmentName, Long commissionerId, String commissionerName, String taskForce,
                             String promotionPlan, Long packageId, String packageName, int version,
                             OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public Money investment() {
        return Money.wan(totalInvestment);
    }

    /** The form that edits this project as it stands. */
    public ProjectForm toForm() {
        return new ProjectForm(code, name, ownerId, ownerName, regionId, address, longitude, latitude, contentScale,
                nature, category, manufacturing, industryId, totalInvestment, plannedStartDate, plannedCompletionDate,
                actualStartDate, leaderId, departmentId, commissionerId, taskForce, promotionPlan, packageId, stage,
                null, version);
    }
}
