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
                            @Min(1) @Max(12) Integer plannedStartMonth,
                            Nature nature) {

    /** An entry whose nature this year is derived (a new project that started before the year is continuing). */
    public ListEntryForm(Long listId, BigDecimal plannedInvestment, YearTarget target, Integer plannedStartMonth) {
        this(listId, plannedInvestment, target, plannedStartMonth, null);
    }
}
