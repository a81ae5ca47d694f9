package org.keyproject.problem;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.keyproject.notification.Notifications;
import org.springframework.stereotype.Component;

/**
 * Who hears of a problem, in their inbox: the department's handlers when it is assigned, returned to
 * them or overdue; the coordinators nearest above its region when it is overdue; whoever raised it when
 * it is answered; the project's responsible leader (包保领导) when it is escalated (直通车), or the
 * leaders nearest above its region when the project has none with a login. Each notice is one
 * statement whatever the number of people, with a dedup key so that nobody hears the same thing twice.
 */
@Component
class ProblemNotices {

    static final String ASSIGNED = "PROBLEM_ASSIGNED";
    static final String ANSWERED = "PROBLEM_ANSWERED";
    static final String RETURNED = "PROBLEM_RETURNED";
    static final String OVERDUE = "PROBLEM_OVERDUE";
    static final String ESCALATED = "PROBLEM_ESCALATED";

    /** Users who receive notices: enabled, with a login. */
    private static final String ACTIVE = "u.enabled AND u.username IS NOT NULL";

    /**
     * The problems of %1$s (a condition on problem pb) with what every notice says, and %2$s: the
     * recipients as (problem_id, user_id) over the relation "chosen"; the dedup key is the problem's
     * and %3$s after it. Arguments: project, problem title, department, deadline, working days overdue
     * (0 when not), the last step's text (answer or reason).
     */
    private static final String NOTICES = """
            WITH chosen AS (
                SELECT pb.id, pb.region_id, pb.department_id, pb.raised_by, pb.title, pb.deadline, p.name AS project_name,
                       p.leader_id, d.name AS department_name, %4$s AS overdue,
                       (SELECT s.text FROM problem_step s WHERE s.problem_id = pb.id ORDER BY s.id DESC LIMIT 1) AS last_text
                FROM problem pb
                JOIN project p ON p.id = pb.project_id
                LEFT JOIN organization d ON d.id = pb.department_id
                WHERE %1$s
            ), recipients AS (%2$s)
            SELECT DISTINCT r.user_id AS recipient_id,
                   jsonb_build_array(c.project_name, c.title, coalesce(c.department_name, ''),
                                     coalesce(to_char(c.deadline, 'YYYY-MM-DD'), ''), c.overdue, coalesce(c.last_text, '')) AS args,
                   '/problems/' || c.id AS link,
                   'problem:' || c.id || %3$s AS dedup_key
            FROM recipients r JOIN chosen c ON c.id = r.problem_id
            """;

    private static final String DEPARTMENT_USERS = """
            SELECT c.id AS problem_id, u.id AS user_id FROM chosen c
            JOIN app_user u ON u.organization_id = c.department_id AND u.role = 'DEPARTMENT' AND %s
            """.formatted(ACTIVE);

    private static final String RAISER = """
            SELECT c.id AS problem_id, u.id AS user_id FROM chosen c JOIN app_user u ON u.id = c.raised_by AND %s
            """.formatted(ACTIVE);

    private static final String LEADER = """
            SELECT c.id AS problem_id, u.id AS user_id FROM chosen c JOIN app_user u ON u.id = c.leader_id AND %s
            UNION
            SELECT n.problem_id, n.user_id FROM (%s) n
            WHERE NOT EXISTS (SELECT 1 FROM chosen c JOIN app_user u ON u.id = c.leader_id AND %s WHERE c.id = n.problem_id)
            """.formatted(ACTIVE, nearest("LEADER"), ACTIVE);

    private final Notifications notifications;

    ProblemNotices(Notifications notifications) {
        this.notifications = notifications;
    }

    /** The department's handlers hear that the problem is theirs, once per assignment step. */
    void assigned(long problemId, long stepId) {
        step(ASSIGNED, DEPARTMENT_USERS, problemId, stepId);
    }

    /** The department's handlers hear that the raiser rejected their answer, and why. */
    void returned(long problemId, long stepId) {
        step(RETURNED, DEPARTMENT_USERS, problemId, stepId);
    }

    /** Whoever raised the problem hears the department's answer, to accept or reject it. */
    void answered(long problemId, long stepId) {
        step(ANSWERED, RAISER, problemId, stepId);
    }

    /** One notice of one step of one problem to the given recipients, once per step. */
    private void step(String kind, String recipients, long problemId, long stepId) {
        notifications.notify(kind, notices("pb.id = :problem", recipients, "':' || CAST(:step AS bigint)"),
                Map.of("problem", problemId, "step", stepId, "today", ProblemQueries.today()));
    }

    /**
     * Every problem overdue on the day (the department owes the answer and its deadline lies at least
     * one working day back): its department's handlers and the coordinators nearest above its region,
     * once per problem and day. Answers how many notices were new.
     */
    int overdue(LocalDate today) {
        return notifications.notify(OVERDUE, notices(ProblemQueries.IS_OVERDUE, DEPARTMENT_USERS + " UNION " + nearest("COORDINATOR"),
                "':overdue:' || CAST(:today AS DATE)"), Map.of("today", today));
    }

    /** The leaders of the escalated problems hear of them, once per problem. */
    int escalated(List<Long> problemIds, LocalDate today) {
        if (problemIds.isEmpty()) {
            return 0;
        }
        return notifications.notify(ESCALATED, notices("pb.id IN (:problems)", LEADER, "':escalated'"),
                Map.of("problems", problemIds, "today", today));
    }

    private static String notices(String which, String recipients, String dedupSuffix) {
        return NOTICES.formatted(which, recipients, dedupSuffix, ProblemQueries.OVERDUE);
    }

    /**
     * The users of a role in the region nearest above each chosen problem's region (its own first, then
     * its parent's, and so on up the tree), as (problem_id, user_id).
     */
    private static String nearest(String role) {
        return """
                SELECT x.problem_id, x.user_id FROM (
                    SELECT c.id AS problem_id, u.id AS user_id,
                           rank() OVER (PARTITION BY c.id ORDER BY length(ur.path) DESC) AS nearness
                    FROM chosen c
                    JOIN region cr ON cr.id = c.region_id
                    JOIN app_user u ON u.role = '%s' AND %s
                    JOIN region ur ON ur.id = u.region_id AND cr.path LIKE ur.path || '%%'
                ) x WHERE x.nearness = 1
                """.formatted(role, ACTIVE);
    }
}
