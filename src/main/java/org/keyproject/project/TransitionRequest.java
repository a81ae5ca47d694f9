package org.keyproject.project;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** Move a project to another stage, effective on a day (today when omitted). */
public record TransitionRequest(@NotNull Stage to, LocalDate effectiveOn, @Size(max = 500) String note, Integer version) {
}
