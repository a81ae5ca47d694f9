package org.keyproject.project;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A project's master data as a page form or an API client sends it, for creation and update.
 * The owner is named by id or by name (an unknown name adds the enterprise). version is required
 * for an update and must be the version the client read. stage and stageDate only matter on
 * creation; later the lifecycle moves by transitions.
 */
public record ProjectForm(
        @Size(max = 40) String code,
        @NotBlank @Size(max = 200) String name,
        Long ownerId,
        @Size(max = 200) String ownerName,
        @NotNull Long regionId,
        @Size(max = 300) String address,
        @DecimalMin("-180") @DecimalMax("180") @Digits(integer = 3, fraction = 6) BigDecimal longitude,
        @DecimalMin("-90") @DecimalMax("90") @Digits(integer = 2, fraction = 6) BigDecimal latitude,
        @Size(max = 4000) String contentScale,
        @NotNull Nature nature,
        @NotNull Category category,
        boolean manufacturing,
        Long industryId,
        @NotNull @Digits(integer = 14, fraction = 4) BigDecimal totalInvestment,
        LocalDate plannedStartDate,
        LocalDate plannedCompletionDate,
        LocalDate actualStartDate,
        Long leaderId,
        Long departmentId,
        Long commissionerId,
        @Size(max = 200) String taskForce,
        @Size(max = 4000) String promotionPlan,
        Long packageId,
        Stage stage,
        LocalDate stageDate,
        Integer version) {

    public ProjectForm withVersion(Integer newVersion) {
        return new ProjectForm(code, name, ownerId, ownerName, regionId, address, longitude, latitude, contentScale, nature, category, manufacturing, industryId, totalInvestment, plannedStartDate, plannedCompletionDate, actualStartDate, leaderId, departmentId, commissionerId, taskForce, promotionPlan, packageId, stage, stageDate, newVersion);
    }

    public ProjectForm withName(String newName) {
        return new ProjectForm(code, newName, ownerId, ownerName, regionId, address, longitude, latitude, contentScale, nature, category, manufacturing, industryId, totalInvestment, plannedStartDate, plannedCompletionDate, actualStartDate, leaderId, departmentId, commissionerId, taskForce, promotionPlan, packageId, stage, stageDate, version);
    }

    /** The owner by id; the name is dropped so the id decides. */
    public ProjectForm withOwner(long id) {
        return new ProjectForm(code, name, id, null, regionId, address, longitude, latitude, contentScale, nature, category, manufacturing, industryId, totalInvestment, plannedStartDate, plannedCompletionDate, actualStartDate, leaderId, departmentId, commissionerId, taskForce, promotionPlan, packageId, stage, stageDate, version);
    }

    public ProjectForm withCommissioner(Long id) {
        return new ProjectForm(code, name, ownerId, ownerName, regionId, address, longitude, latitude, contentScale, nature, category, manufacturing, industryId, totalInvestment, plannedStartDate, plannedCompletionDate, actualStartDate, leaderId, departmentId, id, taskForce, promotionPlan, packageId, stage, stageDate, version);
    }

    /** The stage a new project enters the library in, and since when. */
    public ProjectForm withStage(Stage newStage, LocalDate since) {
        return new ProjectForm(code, name, ownerId, ownerName, regionId, address, longitude, latitude, contentScale, nature, category, manufacturing, industryId, totalInvestment, plannedStartDate, plannedCompletionDate, actualStartDate, leaderId, departmentId, commissionerId, taskForce, promotionPlan, packageId, newStage, since, version);
    }
}
