package org.keyproject.dispatch;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A reporting period (调度期) of one region subtree. */
record Period(long id, long regionId, String regionName, int year, Cadence cadence, LocalDate startsOn, LocalDate endsOn,
              LocalDate dueOn, String state, Long openedBy, OffsetDateTime openedAt, Long closedBy,
              OffsetDateTime closedAt, int version) {

    enum Cadence {
        /** 月调度 */
        MONTHLY,
        /** 半月调度 */
        HALF_MONTHLY,
        /** 周调度 */
        WEEKLY,
        /** 日调度 */
        DAILY
    }

    boolean closed() {
        return "CLOSED".equals(state);
    }
}
