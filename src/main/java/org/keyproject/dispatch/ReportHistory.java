package org.keyproject.dispatch;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The review steps a report went through (审核记录), for its page; the caller has checked it may see the report. */
@Service
@Transactional(readOnly = true)
class ReportHistory {

    private final JdbcClient jdbc;

    ReportHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One review: the step (COUNTY, CITY), the action (APPROVE, RETURN), the reason of a return, who and when. */
    record Step(String step, String action, String reason, String byName, OffsetDateTime at) {

        boolean returned() {
            return "RETURN".equals(action);
        }
    }

    /** The report's reviews, newest first, their times in the city's zone. */
    List<Step> of(long reportId) {
        return jdbc.sql("""
                SELECT rr.step, rr.action, rr.reason, u.display_name, rr.at
                FROM report_review rr LEFT JOIN app_user u ON u.id = rr.by_id
                WHERE rr.report_id = ? ORDER BY rr.at DESC, rr.id DESC
                """).param(reportId)
                .query((rs, i) -> new Step(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).atZoneSameInstant(Plans.ZONE).toOffsetDateTime()))
                .list();
    }
}
