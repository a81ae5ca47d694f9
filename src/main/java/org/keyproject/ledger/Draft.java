package org.keyproject.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.keyproject.project.Category;
import org.keyproject.project.Nature;
import org.keyproject.project.ProjectForm;
import org.keyproject.project.Stage;

/** A project form being filled in from a ledger row, starting from the project as it stands. */
final class Draft {

    String code;
    String name;
    Long ownerId;
    String ownerName;
    Long regionId;
    String address;
    BigDecimal longitude;
    BigDecimal latitude;
    String contentScale;
    Nature nature;
    Category category;
    boolean manufacturing;
    Long industryId;
    BigDecimal totalInvestment;
    LocalDate plannedStartDate;
    LocalDate plannedCompletionDate;
    LocalDate actualStartDate;
    Long leaderId;
    Long departmentId;
    Long commissionerId;
    String taskForce;
    String promotionPlan;
    Long packageId;
    Stage stage;
    LocalDate stageDate;
    Integer version;

    static Draft of(ProjectForm f) {
        Draft d = new Draft();
        d.code = f.code();
        d.name = f.name();
        d.ownerId = f.ownerId();
        d.ownerName = f.ownerName();
        d.regionId = f.regionId();
        d.address = f.address();
        d.longitude = f.longitude();
        d.latitude = f.latitude();
        d.contentScale = f.contentScale();
        d.nature = f.nature();
        d.category = f.category();
        d.manufacturing = f.manufacturing();
        d.industryId = f.industryId();
        d.totalInvestment = f.totalInvestment();
        d.plannedStartDate = f.plannedStartDate();
        d.plannedCompletionDate = f.plannedCompletionDate();
        d.actualStartDate = f.actualStartDate();
        d.leaderId = f.leaderId();
        d.departmentId = f.departmentId();
        d.commissionerId = f.commissionerId();
        d.taskForce = f.taskForce();
        d.promotionPlan = f.promotionPlan();
        d.packageId = f.packageId();
        d.stage = f.stage();
        d.stageDate = f.stageDate();
        d.version = f.version();
        return d;
    }

    ProjectForm toForm() {
        return new ProjectForm(code, name, ownerId, ownerName, regionId, address, longitude, latitude, contentScale,
                nature, category, manufacturing, industryId, totalInvestment, plannedStartDate, plannedCompletionDate,
                actualStartDate, leaderId, departmentId, commissionerId, taskForce, promotionPlan, packageId, stage,
                stageDate, version);
    }
}
