package org.keyproject.project;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** Put a project on an annual list, or change its entry: the year's planned investment and target. */
public record ListEntryForm(@NotNull Long listId,
                            @NotNull @Digits(integer = 14, fraction = 4) BigDecimal plannedInvestment,
                            @NotNull YearTarget target,
                            @Min(1) @Max(12) Integer plannedStartMonth) {
}
