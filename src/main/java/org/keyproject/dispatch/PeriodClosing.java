package org.keyproject.dispatch;

import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closing periods (关账) without a signed-in user, for the system itself (the demo generator, a
 * month-end job): the same close as a coordinator's, with closed_by left empty and the audit trail
 * naming "system". Nobody's ownership is checked: callers are code, not requests.
 */
@Service
@Transactional
public class PeriodClosing {

    private final JdbcClient jdbc;
    private final PeriodSnapshots snapshots;

    PeriodClosing(JdbcClient jdbc, PeriodSnapshots snapshots) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
    }

    /** Closes one period and writes its snapshot; false when it was closed already (nothing changes). */
    public boolean closeForSystem(long periodId) {
        return snapshots.closeAs(periodId, PeriodSnapshots.Closer.SYSTEM);
    }

    /** Closes every open period of any region and cadence that ended before the day, oldest first; answers how many. */
    public int closeAllOpenBefore(LocalDate day) {
        List<Long> open = jdbc.sql("SELECT id FROM report_period WHERE state = 'OPEN' AND ends_on < ? ORDER BY ends_on, id")
                .param(day).query(Long.class).list();
        int closed = 0;
        for (long id : open) {
            if (closeForSystem(id)) {
                closed++;
            }
        }
        return closed;
    }
}
