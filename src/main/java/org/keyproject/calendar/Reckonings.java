package org.keyproject.calendar;

import java.time.LocalDate;

/** Answers of the API about deadlines; published is false when a year in between is not loaded. */
final class Reckonings {

    private Reckonings() {
    }

    /** date is the days-th working day after from. */
    record Added(LocalDate date, LocalDate from, int days, boolean published) {
    }

    /** workingDays in (from, to], negative when to is before from. */
    record Counted(LocalDate from, LocalDate to, int workingDays, boolean published) {
    }
}
