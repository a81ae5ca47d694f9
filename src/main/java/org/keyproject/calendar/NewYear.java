package org.keyproject.calendar;

import java.time.LocalDate;
import java.util.List;

/** A year's notice (节假日安排的通知) with every day it lists, added whole or not at all. */
record NewYear(Integer year, String source, LocalDate publishedOn, List<DayEntry> days) {
}
