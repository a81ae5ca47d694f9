package org.keyproject.project;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One dated step of a project's lifecycle. */
public record StageChange(long id, Stage fromStage, Stage toStage, LocalDate effectiveOn, OffsetDateTime recordedAt,
                          Long recordedBy, String recordedByName, String note) {
}
