package org.keyproject.calendar;

import java.time.LocalDate;
import java.util.List;

/** A year of the calendar: whether its notice is loaded, where from, and its exceptions in date order. */
record CalendarYear(int year, boolean published, String source, LocalDate publishedOn, List<CalendarDay> days) {
}
