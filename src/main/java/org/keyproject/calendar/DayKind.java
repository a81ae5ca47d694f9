package org.keyproject.calendar;

/** What a day is: the weekday/weekend rule, or an exception the yearly notice lists. */
public enum DayKind {
    /** 工作日: Monday to Friday */
    WORKDAY(true),
    /** 周末: Saturday and Sunday */
    WEEKEND(false),
    /** 法定节假日: a statutory holiday, weekend days inside the break included */
    HOLIDAY(false),
    /** 调休上班: a Saturday or Sunday worked to make a break longer */
    ADJUSTED_WORKDAY(true);

    private final boolean working;

    DayKind(boolean working) {
        this.working = working;
    }

    public boolean working() {
        return working;
    }

    /** Only holidays and adjusted workdays are stored; the other two follow from the day of the week. */
    boolean exception() {
        return this == HOLIDAY || this == ADJUSTED_WORKDAY;
    }

    public String messageKey() {
        return "calendar.kind." + name();
    }
}
