package org.keyproject.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * One day as the calendar sees it. name is the holiday's name (春节, 春节调休上班) for an exception,
 * null for a plain weekday or weekend; published says whether the State Council's notice for the
 * day's year is loaded; when it is not, the answer follows the weekend rule alone.
 */
public record CalendarDay(LocalDate date, boolean workingDay, DayKind kind, String name, boolean published) {

    static CalendarDay plain(LocalDate date, boolean published) {
        DayKind kind = weekend(date) ? DayKind.WEEKEND : DayKind.WORKDAY;
        return new CalendarDay(date, kind.working(), kind, null, published);
    }

    static boolean weekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
