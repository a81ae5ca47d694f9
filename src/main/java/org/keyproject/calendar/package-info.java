/**
 * The working-day calendar (工作日历): weekends and statutory holidays are off, adjusted working
 * weekends (调休上班) are on, year by year as the State Council publishes them. Every due date and
 * deadline in working days is reckoned here. Public surface: {@link org.keyproject.calendar.WorkingDays}
 * and the {@link org.keyproject.calendar.CalendarDay} it answers; set-based SQL uses the functions
 * is_working_day, working_day_add and working_days_between of the migration.
 */
package org.keyproject.calendar;
