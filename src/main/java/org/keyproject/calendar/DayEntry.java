package org.keyproject.calendar;

import java.time.LocalDate;

/**
 * An exception to set on one day: a holiday (working false, kind HOLIDAY) or an adjusted working
 * weekend (working true, kind ADJUSTED_WORKDAY). Either of working and kind is enough; given both,
 * they must agree. date is taken from the path when one day is set on its own.
 */
record DayEntry(LocalDate date, Boolean working, DayKind kind, String name) {
}
