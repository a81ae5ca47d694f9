package org.keyproject.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problem loop (问题闭环) and the services (服务台账, 服务承诺) of the generated city, written set-based:
 * a few staging rows per project and county come from Java (which coordinator assigns, which
 * departments answer which category), everything else is INSERT … SELECT with draws from
 * hashtextextended over stable keys and the seed, so the same seed gives the same loop.
 *
 * <p>Days are counted on the working-day calendar through {@code gen_workday}, the working days of the
 * generated span numbered in order (the same rule as {@code is_working_day}): a step N working days
 * after another is N numbers further, and a deadline of d working days from an assignment on a working
 * day is exactly {@code working_day_add(assigned, d)}. Everything stands on the loop day, the last
 * working day on or before the data date (30 June): each problem's fate is drawn first (its state, a
 * return, overdue or not), its steps are laid out as working-day offsets from its raising, and the
 * raising is then placed so that its last step falls on or before the loop day.
 *
 * <p>Binds :seed, :asOf (the data date), :yearStart.
 */
final class LoopHistory {

    private LoopHistory() {
    }

    private static final Pattern DRAW = Pattern.compile("U\\{([a-z0-9_]+); ([^}]+)}");

    /**
     * Replaces each {@code U{salt; key}} by a uniform draw in [0, 1) from the key (an SQL text
     * expression) and the salt, so that every draw of a row is independent of the others.
     */
    static String draws(String sql) {
        Matcher m = DRAW.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    "((hashtextextended((" + m.group(2) + ") || '/" + m.group(1) + "', :seed) & 1048575) / 1048576.0)"));
        }
        m.appendTail(out);
        return out.toString();
    }

    static final String STAGING = """
            DROP TABLE IF EXISTS gen_loop_project, gen_loop_department, gen_workday, gen_problem, gen_step, gen_service;
            CREATE TEMP TABLE gen_loop_project (project_id BIGINT PRIMARY KEY, county_id BIGINT NOT NULL, coordinator_id BIGINT NOT NULL,
                city BOOLEAN NOT NULL) ON COMMIT DROP;
            CREATE TEMP TABLE gen_loop_department (county_id BIGINT NOT NULL, category VARCHAR(16) NOT NULL, department_id BIGINT NOT NULL,
                PRIMARY KEY (county_id, category)) ON COMMIT DROP;
            CREATE TEMP TABLE gen_workday (n INT PRIMARY KEY, day DATE NOT NULL UNIQUE) ON COMMIT DROP;
            CREATE TEMP TABLE gen_problem (id BIGINT PRIMARY KEY, key TEXT NOT NULL, project_id BIGINT NOT NULL, region_id BIGINT NOT NULL,
                coordinator_id BIGINT NOT NULL, source VARCHAR(8) NOT NULL, report_id BIGINT, report_at TIMESTAMPTZ, raised_by BIGINT NOT NULL,
                raised_role VARCHAR(16) NOT NULL, category VARCHAR(16) NOT NULL, title TEXT NOT NULL, description TEXT, state VARCHAR(12) NOT NULL,
                returned BOOLEAN NOT NULL, department_id BIGINT, handler_id BIGINT, days INT, deadline DATE, r INT NOT NULL, a INT NOT NULL,
                st INT NOT NULL, ans1 INT NOT NULL, rej INT NOT NULL, ans2 INT NOT NULL, fin INT NOT NULL, esc INT, direct BOOLEAN NOT NULL,
                listed BOOLEAN NOT NULL, list_off INT, accept_by BIGINT, answer1 TEXT, answer2 TEXT, reject_reason TEXT, final_text TEXT) ON COMMIT DROP;
            CREATE TEMP TABLE gen_step (problem_id BIGINT NOT NULL, seq INT NOT NULL, action VARCHAR(12) NOT NULL, from_state VARCHAR(12),
                to_state VARCHAR(12) NOT NULL, actor_id BIGINT, at TIMESTAMPTZ NOT NULL, text TEXT, department_id BIGINT,
                deadline_before DATE, deadline_after DATE) ON COMMIT DROP;
            CREATE TEMP TABLE gen_service (id BIGINT PRIMARY KEY, kind VARCHAR(24) NOT NULL, project_id BIGINT NOT NULL, region_id BIGINT NOT NULL,
                person_id BIGINT NOT NULL, participant_id BIGINT, served_on DATE NOT NULL, content TEXT NOT NULL, outcome TEXT,
                permit_type VARCHAR(24), permit_name TEXT, in_parallel BOOLEAN) ON COMMIT DROP
            """;

    /** The service promises (服务承诺) as the service module keeps them: (kind, working days, the service kind that keeps it). */
    private static final String PROMISE_KINDS = """
            (VALUES ('COMMISSIONER_NAMED', 1, 'COMMISSIONER_NAMED'), ('SITE_SURVEY', 2, 'SITE_VISIT'),
                    ('LAND_SUPPLY_STARTED', 3, 'LAND_SUPPLY'), ('PROMOTION_MEETING', 5, 'PROMOTION_MEETING'))""";

    /** The working days from :from to :to, numbered in order. */
    static final String WORKDAYS = """
            INSERT INTO gen_workday (n, day)
            SELECT CAST(row_number() OVER (ORDER BY g.d) AS INT), CAST(g.d AS DATE)
            FROM generate_series(CAST(:from AS date), CAST(:to AS date), INTERVAL '1 day') g (d)
            LEFT JOIN calendar_day c ON c.day = CAST(g.d AS date)
            WHERE coalesce(c.working, extract(ISODOW FROM g.d) < 6)
            """;

    /** What problems are about, three topics per category: a title, the detail and the department's answer. */
    static final String TOPICS = """
            (VALUES
              ('LAND', 0, '用地指标未落实', '新增建设用地指标尚未下达，用地报批无法启动', '已从全市统筹指标中调剂解决，用地报批材料已上报'),
              ('LAND', 1, '土地征收进度滞后', '项目红线内仍有部分集体土地未完成征收', '已督促属地加快征收，剩余地块已签订补偿协议'),
              ('LAND', 2, '不动产权证办理缓慢', '土地出让金已缴清，不动产权证尚未发放', '已开辟绿色通道，不动产权证已办结发放'),
              ('PLANNING', 0, '规划条件未明确', '地块规划设计条件尚未出具，影响方案设计', '规划设计条件已出具并函告企业'),
              ('PLANNING', 1, '控规调整审批滞后', '项目需调整控制性详细规划，审批周期长', '控规调整已上会审议通过，正在公示'),
              ('PLANNING', 2, '规划方案审查反复', '建筑设计方案多次修改仍未通过审查', '已组织专家现场指导，方案已通过审查'),
              ('ENVIRONMENT', 0, '环评批复未取得', '环境影响报告书已报审，尚未取得批复', '已组织技术评估，环评批复已下达'),
              ('ENVIRONMENT', 1, '排污总量指标不足', '项目所需主要污染物排放总量指标缺口较大', '已通过区域削减替代落实总量指标'),
              ('ENVIRONMENT', 2, '能评审查未通过', '节能报告需补充论证，审查意见未出具', '已指导企业补充论证，节能审查意见已出具'),
              ('FUNDING', 0, '项目资金未到位', '企业自筹资金不足，影响设备采购', '已协调合作银行完成授信，首笔贷款已发放'),
              ('FUNDING', 1, '专项债券资金拨付滞后', '专项债券资金已下达，尚未拨付至项目', '债券资金已按工程进度拨付到位'),
              ('FUNDING', 2, '银行贷款审批缓慢', '项目贷款申请已提交三个月，尚未审批', '已召开政银企对接会，贷款已完成审批'),
              ('CONSTRUCTION', 0, '施工队伍不足', '施工单位人员和机械不足，进度滞后', '已督促施工单位增派人员和机械，实行两班倒作业'),
              ('CONSTRUCTION', 1, '建材供应紧张', '商品混凝土供应不足，影响主体施工', '已协调搅拌站优先保障项目供应'),
              ('CONSTRUCTION', 2, '施工许可办理缓慢', '施工图审查已完成，施工许可证尚未核发', '施工许可证已核发'),
              ('DEMOLITION', 0, '征地拆迁未完成', '项目用地范围内仍有住户未签订拆迁协议', '属地已完成剩余住户签约，正在组织腾退'),
              ('DEMOLITION', 1, '地上附着物清表滞后', '用地范围内地上附着物尚未清理完毕', '地上附着物已清表完毕，场地已移交企业'),
              ('DEMOLITION', 2, '管线迁改未完成', '场地内既有通信和电力管线需迁改', '已协调产权单位完成管线迁改'),
              ('UTILITIES', 0, '供电线路未接入', '项目变电站外线工程尚未完成，无法正式用电', '供电公司已完成外线施工，项目已送电'),
              ('UTILITIES', 1, '供水管网未接通', '市政供水管网尚未延伸至项目地块', '供水管网已接通，水压满足生产需要'),
              ('UTILITIES', 2, '天然气管道未敷设', '项目所需天然气管道尚未敷设到位', '燃气公司已完成管道敷设并通气'),
              ('APPROVAL', 0, '施工图审查周期长', '施工图审查意见反复，周期超过承诺时限', '已实行容缺审查，施工图审查合格书已出具'),
              ('APPROVAL', 1, '消防设计审查缓慢', '消防设计审查未按时限办结', '消防设计审查已办结'),
              ('APPROVAL', 2, '并联审批衔接不畅', '多部门审批事项衔接不畅，企业重复提交材料', '已纳入并联审批，实行一窗受理'),
              ('OTHER', 0, '周边群众阻工', '周边部分群众以噪音扰民为由阻挠施工', '属地已组织协商，施工已恢复'),
              ('OTHER', 1, '招工难问题突出', '项目投产在即，一线技术工人缺口较大', '已组织专场招聘会，招聘工人一百余名'),
              ('OTHER', 2, '进场道路未修通', '项目进场道路尚未修通，大型设备无法进场', '临时进场道路已修通')
            ) t (category, no, title, detail, answer)""";

    /** A category drawn by weight: 用地, 资金, 施工 and 水电气暖 most often. */
    private static final String CATEGORY = """
            CASE WHEN %1$s < 0.16 THEN 'LAND' WHEN %1$s < 0.26 THEN 'PLANNING' WHEN %1$s < 0.36 THEN 'ENVIRONMENT'
                 WHEN %1$s < 0.50 THEN 'FUNDING' WHEN %1$s < 0.64 THEN 'CONSTRUCTION' WHEN %1$s < 0.72 THEN 'DEMOLITION'
                 WHEN %1$s < 0.84 THEN 'UTILITIES' WHEN %1$s < 0.94 THEN 'APPROVAL' ELSE 'OTHER' END""";

    /**
     * 存在问题 on some of the open month's submitted reports (about 12% of those submitted by someone
     * with a login): a topic's title and detail, the first line of which a candidate takes as its title.
     */
    static final String REPORT_PROBLEMS = draws("""
            UPDATE progress_report pr SET problems_text = t.title || '：' || t.detail
            FROM report_period rp, gen_loop_project lp, %s
            WHERE rp.id = pr.period_id AND rp.state = 'OPEN' AND lp.project_id = pr.project_id
              AND pr.state IN ('SUBMITTED', 'COUNTY_REVIEWED') AND pr.submitted_by IS NOT NULL
              AND U{has; 'report/' || pr.project_id || '/' || rp.starts_on} < 0.12
              AND t.category = %s AND t.no = floor(U{topic; 'report/' || pr.project_id || '/' || rp.starts_on} * 3)
            """.formatted(TOPICS, CATEGORY.formatted("U{category; 'report/' || pr.project_id || '/' || rp.starts_on}")));

    /**
     * Every problem of the generated projects with its fate: 0–3 raised by hand on each active project
     * (by its commissioner, leader, enterprise or the coordinator), and one candidate per open-month
     * report with 存在问题, as the problem module makes them. Offsets are working days after the raising
     * (index r in gen_workday): a assigned, st started, ans1 answered, rej rejected, ans2 answered again,
     * fin accepted or dismissed, esc escalated (直通车), list_off listed (挂牌督办).
     */
    static final String PROBLEMS = draws("""
            INSERT INTO gen_problem (id, key, project_id, region_id, coordinator_id, source, report_id, report_at, raised_by, raised_role,
                category, title, description, state, returned, department_id, handler_id, days, deadline, r, a, st, ans1, rej, ans2, fin, esc,
                direct, listed, list_off, accept_by, answer1, answer2, reject_reason, final_text)
            WITH loop_day AS (
                SELECT n AS n0, day AS d0 FROM gen_workday WHERE day <= CAST(:asOf AS date) ORDER BY n DESC LIMIT 1
            ), handlers AS (
                SELECT organization_id, min(id) AS user_id FROM app_user
                WHERE role = 'DEPARTMENT' AND enabled AND username IS NOT NULL GROUP BY organization_id
            ), enterprise_users AS (
                SELECT organization_id, min(id) AS user_id FROM app_user
                WHERE role = 'ENTERPRISE' AND enabled AND username IS NOT NULL GROUP BY organization_id
            ), raised AS (
                SELECT p.id || '/' || k AS key, p.id AS project_id, p.region_id, lp.county_id, lp.coordinator_id, lp.city, 'MANUAL' AS source,
                       CAST(NULL AS BIGINT) AS report_id, CAST(NULL AS TIMESTAMPTZ) AS report_at,
                       CASE WHEN U{raiser; p.id || '/' || k} < 0.6 AND p.commissioner_id IS NOT NULL THEN p.commissioner_id
                            WHEN U{raiser; p.id || '/' || k} < 0.75 AND p.leader_id IS NOT NULL THEN p.leader_id
                            WHEN U{raiser; p.id || '/' || k} < 0.85 AND eu.user_id IS NOT NULL THEN eu.user_id
                            ELSE lp.coordinator_id END AS raised_by,
                       %2$s AS category, CAST(floor(U{topic; p.id || '/' || k} * 3) AS INT) AS no
                FROM gen_loop_project lp
                JOIN project p ON p.id = lp.project_id
                LEFT JOIN enterprise_users eu ON eu.organization_id = p.owner_id
                CROSS JOIN LATERAL generate_series(1, CASE WHEN U{problems; p.id} < 0.45 THEN 0 WHEN U{problems; p.id} < 0.75 THEN 1
                                                           WHEN U{problems; p.id} < 0.92 THEN 2 ELSE 3 END) k
                WHERE p.stage IN ('SIGNED', 'PREPARATION', 'CONSTRUCTION', 'SUSPENDED')
                UNION ALL
                SELECT 'report/' || pr.id, p.id, p.region_id, lp.county_id, lp.coordinator_id, lp.city, 'REPORT', pr.id, pr.submitted_at,
                       pr.submitted_by, t.category, t.no
                FROM progress_report pr
                JOIN report_period rp ON rp.id = pr.period_id AND rp.state = 'OPEN'
                JOIN gen_loop_project lp ON lp.project_id = pr.project_id
                JOIN project p ON p.id = pr.project_id
                JOIN app_user ru ON ru.id = pr.submitted_by
                JOIN %1$s ON pr.problems_text = t.title || '：' || t.detail
                WHERE pr.state IN ('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')
            ), fated AS (
                SELECT x.*, u.role AS raised_role, t.title, t.detail, t.answer,
                       CASE WHEN x.source = 'REPORT' THEN
                                CASE WHEN CAST(x.report_at AT TIME ZONE 'Asia/Shanghai' AS date) >= ld.d0 THEN 'RAISED'
                                     WHEN U{fate; x.key} < 0.12 THEN 'DISMISSED' WHEN U{fate; x.key} < 0.25 THEN 'ASSIGNED' ELSE 'RAISED' END
                            WHEN U{fate; x.key} < 0.06 THEN 'RAISED' WHEN U{fate; x.key} < 0.10 THEN 'DISMISSED'
                            WHEN U{fate; x.key} < 0.22 THEN 'ASSIGNED' WHEN U{fate; x.key} < 0.42 THEN 'IN_PROGRESS'
                            WHEN U{fate; x.key} < 0.52 THEN 'ANSWERED' ELSE 'CLOSED' END AS state,
                       coalesce(cd.department_id, dd.department_id) AS department_id,
                       greatest(1, c.working_days + CASE WHEN U{days; x.key} < 0.15 THEN CAST(floor(U{days; x.key} * 60) AS INT) - 3 ELSE 0 END) AS days,
                       CAST(floor(U{assign; x.key} * 3) AS INT) AS a,
                       CAST(floor(U{start; x.key} * 3) AS INT) AS st_gap,
                       U{answer; x.key} AS u_answer, U{returned; x.key} AS u_returned, U{overdue; x.key} AS u_overdue,
                       U{slack; x.key} AS u_slack, U{listed; x.key} AS u_listed, U{reason; x.key} AS u_reason,
                       CAST(floor(U{reject; x.key} * 2) AS INT) AS rej_gap, CAST(floor(U{again; x.key} * 4) AS INT) AS again_gap,
                       CAST(floor(U{accept; x.key} * 3) AS INT) AS fin_gap,
                       x.source = 'MANUAL' AND U{direct; x.key} < 0.05 AS direct,
                       CASE WHEN U{accepter; x.key} < 0.85 THEN x.raised_by ELSE x.coordinator_id END AS accept_by,
                       ld.n0
                FROM raised x
                CROSS JOIN loop_day ld
                JOIN app_user u ON u.id = x.raised_by
                JOIN %1$s ON t.category = x.category AND t.no = x.no
                JOIN problem_category_deadline c ON c.category = x.category
                LEFT JOIN gen_loop_department cd ON NOT x.city AND U{county; x.key} < 0.4 AND cd.county_id = x.county_id AND cd.category = x.category
                JOIN gen_loop_department dd ON dd.county_id = 0 AND dd.category = x.category
            ), timed AS (
                SELECT f.*, f.a + f.st_gap AS st,
                       f.a + f.st_gap + 1 + CAST(floor(f.u_answer * (f.days + 4)) AS INT) AS ans1,
                       f.source = 'MANUAL' AND f.state IN ('IN_PROGRESS', 'ANSWERED', 'CLOSED')
                           AND f.u_returned < CASE WHEN f.state = 'IN_PROGRESS' THEN 0.35 ELSE 0.25 END AS returned
                FROM fated f
            ), laid AS (
                SELECT t.*, t.ans1 + 1 + t.rej_gap AS rej, t.ans1 + 2 + t.rej_gap + t.again_gap AS ans2,
                       CASE WHEN t.state = 'DISMISSED' THEN t.fin_gap
                            ELSE CASE WHEN t.returned THEN t.ans1 + 2 + t.rej_gap + t.again_gap ELSE t.ans1 END + 1 + t.fin_gap END AS fin
                FROM timed t
            ), last_step AS (
                SELECT l.*,
                       CASE l.state WHEN 'RAISED' THEN 0 WHEN 'DISMISSED' THEN l.fin WHEN 'ASSIGNED' THEN l.a
                                    WHEN 'IN_PROGRESS' THEN CASE WHEN l.returned THEN l.rej ELSE l.st END
                                    WHEN 'ANSWERED' THEN CASE WHEN l.returned THEN l.ans2 ELSE l.ans1 END
                                    ELSE l.fin END AS last,
                       l.a + l.days AS due
                FROM laid l
            ), placed AS (
                SELECT s.*,
                       CASE WHEN s.source = 'REPORT' THEN 0
                            WHEN s.state IN ('RAISED', 'ANSWERED') THEN CAST(floor(s.u_slack * 4) AS INT)
                            WHEN s.state = 'DISMISSED' THEN CAST(floor(s.u_slack * 120) AS INT)
                            WHEN s.state = 'CLOSED' THEN CAST(floor(s.u_slack * 230) AS INT)
                            WHEN s.u_overdue < 0.4 THEN greatest(0, s.due - s.last) + 1 + CAST(floor(s.u_slack * 15) AS INT)
                            ELSE CAST(floor(s.u_slack * greatest(s.due - s.last + 1, 1)) AS INT) END AS slack
                FROM last_step s
            ), escalated AS (
                -- the morning job escalates a problem the department still owes on the morning it is 3 working days overdue
                SELECT p.*,
                       CASE WHEN p.direct THEN 0
                            WHEN p.state IN ('RAISED', 'DISMISSED') THEN NULL
                            WHEN p.state = 'ASSIGNED' OR (p.state = 'IN_PROGRESS' AND NOT p.returned) THEN
                                 CASE WHEN p.due + 3 <= p.last + p.slack THEN p.due + 3 END
                            WHEN p.due + 3 <= p.ans1 THEN p.due + 3
                            WHEN p.returned AND p.due + 3 > p.rej
                                 AND p.due + 3 <= CASE WHEN p.state = 'IN_PROGRESS' THEN p.last + p.slack ELSE p.ans2 END THEN p.due + 3
                       END AS esc
                FROM placed p
            )
            SELECT nextval(pg_get_serial_sequence('problem', 'id')), e.key, e.project_id, e.region_id, e.coordinator_id, e.source, e.report_id,
                   e.report_at, e.raised_by, e.raised_role,
                   CASE WHEN e.source = 'REPORT' AND e.state IN ('RAISED', 'DISMISSED') THEN 'OTHER' ELSE e.category END,
                   CASE WHEN e.source = 'REPORT' THEN left(e.title || '：' || e.detail, 60) ELSE e.title END,
                   e.title || '：' || e.detail || CASE WHEN e.source = 'MANUAL' THEN '，请协调解决。' ELSE '' END,
                   e.state, e.returned,
                   CASE WHEN e.state NOT IN ('RAISED', 'DISMISSED') THEN e.department_id END,
                   CASE WHEN e.state NOT IN ('RAISED', 'DISMISSED') THEN h.user_id END,
                   CASE WHEN e.state NOT IN ('RAISED', 'DISMISSED') THEN e.days END,
                   CASE WHEN e.state NOT IN ('RAISED', 'DISMISSED') THEN w.day END,
                   e.n0 - e.last - e.slack, e.a, e.st, e.ans1, e.rej, e.ans2, e.fin, e.esc, e.direct,
                   e.source = 'MANUAL' AND e.state IN ('ASSIGNED', 'IN_PROGRESS', 'ANSWERED') AND e.u_listed < 0.12,
                   least(e.a + 1, e.last + e.slack), e.accept_by,
                   CASE WHEN e.returned THEN '已与相关单位对接，正在研究解决方案' ELSE e.answer END, e.answer,
                   (ARRAY['答复未明确具体办结时间，请补充措施和时限', '经现场核实问题仍未解决，请继续办理',
                          '答复内容与反映问题不符，请重新核实'])[1 + CAST(floor(e.u_reason * 3) AS INT)],
                   CASE WHEN e.state = 'DISMISSED'
                        THEN (ARRAY['与已交办问题重复', '属企业自身经营事项，不予受理', '问题已在调度会上协调解决'])[1 + CAST(floor(e.u_reason * 3) AS INT)]
                        ELSE (ARRAY['经现场核实，问题已解决', NULL, '企业确认问题已解决'])[1 + CAST(floor(e.u_reason * 3) AS INT)] END
            FROM (SELECT * FROM escalated ORDER BY project_id, key) e
            JOIN handlers h ON h.organization_id = e.department_id
            LEFT JOIN gen_workday w ON w.n = e.n0 - e.last - e.slack + e.a + e.days
            """.formatted(TOPICS, CATEGORY.formatted("U{category; p.id || '/' || k}")));

    /**
     * Every step of every problem, dated on the working days of its offsets at an hour that keeps the
     * day's steps in order (a candidate's confirmation at the end of the loop day, after the reports
     * submitted the days before); the escalation of an overdue problem at the morning job's 08:30.
     */
    static final String STEPS = draws("""
            INSERT INTO gen_step (problem_id, seq, action, from_state, to_state, actor_id, at, text, department_id, deadline_before, deadline_after)
            SELECT s.id, s.seq, s.action, s.from_state, s.to_state, s.actor_id,
                   coalesce(s.exact_at, (w.day + s.clock
                       + make_interval(mins => CAST(floor(U{minute; s.key || '/' || s.seq} * CASE WHEN s.seq = 2 THEN 8 ELSE 30 END) AS INT)))
                       AT TIME ZONE 'Asia/Shanghai'),
                   s.text, s.department_id, CASE WHEN s.action = 'ESCALATE' THEN s.deadline_after END, s.deadline_after
            FROM (
                SELECT g.id, g.key, 0 AS seq, 'RAISE' AS action, CAST(NULL AS VARCHAR) AS from_state, 'RAISED' AS to_state, g.raised_by AS actor_id,
                       g.r AS n, TIME '09:00' AS clock, g.report_at AS exact_at, CAST(NULL AS TEXT) AS text, CAST(NULL AS BIGINT) AS department_id,
                       CAST(NULL AS DATE) AS deadline_after
                FROM gen_problem g
                UNION ALL
                SELECT g.id, g.key, 1, 'ESCALATE', CASE WHEN g.esc = 0 THEN 'RAISED' WHEN g.state = 'ASSIGNED' OR g.esc <= g.st THEN 'ASSIGNED' ELSE 'IN_PROGRESS' END,
                       CASE WHEN g.esc = 0 THEN 'RAISED' WHEN g.state = 'ASSIGNED' OR g.esc <= g.st THEN 'ASSIGNED' ELSE 'IN_PROGRESS' END, NULL, g.r + g.esc,
                       CASE WHEN g.esc = 0 THEN TIME '09:31' ELSE TIME '08:30' END, NULL, NULL,
                       CASE WHEN g.esc > 0 THEN g.department_id END, CASE WHEN g.esc > 0 THEN g.deadline END
                FROM gen_problem g WHERE g.esc IS NOT NULL
                UNION ALL
                SELECT g.id, g.key, 3, 'ASSIGN', 'RAISED', 'ASSIGNED', g.coordinator_id, g.r + g.a,
                       CASE WHEN g.source = 'REPORT' THEN TIME '17:30' ELSE TIME '10:00' END, NULL, NULL, g.department_id, g.deadline
                FROM gen_problem g WHERE g.state NOT IN ('RAISED', 'DISMISSED')
                UNION ALL
                SELECT g.id, g.key, 2, 'LIST', CASE WHEN g.state = 'ASSIGNED' OR g.list_off <= g.st THEN 'ASSIGNED' ELSE 'IN_PROGRESS' END,
                       CASE WHEN g.state = 'ASSIGNED' OR g.list_off <= g.st THEN 'ASSIGNED' ELSE 'IN_PROGRESS' END, g.coordinator_id, g.r + g.list_off,
                       TIME '10:40', NULL, '列入挂牌督办，请责任单位限时办结', g.department_id, NULL
                FROM gen_problem g WHERE g.listed
                UNION ALL
                SELECT g.id, g.key, 4, 'START', 'ASSIGNED', 'IN_PROGRESS', g.handler_id, g.r + g.st, TIME '11:00', NULL, NULL, g.department_id, NULL
                FROM gen_problem g WHERE g.state IN ('IN_PROGRESS', 'ANSWERED', 'CLOSED')
                UNION ALL
                SELECT g.id, g.key, 5, 'ANSWER', 'IN_PROGRESS', 'ANSWERED', g.handler_id, g.r + g.ans1, TIME '14:00', NULL, g.answer1,
                       g.department_id, NULL
                FROM gen_problem g WHERE (g.state IN ('ANSWERED', 'CLOSED')) OR g.returned
                UNION ALL
                SELECT g.id, g.key, 6, 'REJECT', 'ANSWERED', 'IN_PROGRESS', g.raised_by, g.r + g.rej, TIME '15:00', NULL, g.reject_reason,
                       g.department_id, NULL
                FROM gen_problem g WHERE g.returned
                UNION ALL
                SELECT g.id, g.key, 7, 'ANSWER', 'IN_PROGRESS', 'ANSWERED', g.handler_id, g.r + g.ans2, TIME '14:00', NULL, g.answer2,
                       g.department_id, NULL
                FROM gen_problem g WHERE g.returned AND g.state IN ('ANSWERED', 'CLOSED')
                UNION ALL
                SELECT g.id, g.key, 8, 'ACCEPT', 'ANSWERED', 'CLOSED', g.accept_by, g.r + g.fin, TIME '16:00', NULL, g.final_text,
                       g.department_id, NULL
                FROM gen_problem g WHERE g.state = 'CLOSED'
                UNION ALL
                SELECT g.id, g.key, 8, 'DISMISS', 'RAISED', 'DISMISSED', g.coordinator_id, g.r + g.fin,
                       CASE WHEN g.source = 'REPORT' THEN TIME '17:30' ELSE TIME '15:00' END, NULL, g.final_text, NULL, NULL
                FROM gen_problem g WHERE g.state = 'DISMISSED'
            ) s
            JOIN gen_workday w ON w.n = s.n
            """);

    /** The problems themselves, their dates taken from their steps; the version counts the users' changes. */
    static final String INSERT_PROBLEMS = """
            INSERT INTO problem (id, project_id, region_id, raised_by, raised_role, raised_at, category, title, description, state,
                department_id, deadline, deadline_days, answer, direct_line, escalated_at, listed, listed_at, listed_by, source,
                source_report_id, closed_at, version, updated_at)
            SELECT g.id, g.project_id, g.region_id, g.raised_by, g.raised_role, s.raised_at, g.category, g.title, g.description, g.state,
                   g.department_id, g.deadline, g.days,
                   CASE WHEN g.state IN ('ANSWERED', 'CLOSED') THEN CASE WHEN g.returned THEN g.answer2 ELSE g.answer1 END
                        WHEN g.returned THEN g.answer1 END,
                   g.direct, s.escalated_at, g.listed, s.listed_at, CASE WHEN g.listed THEN g.coordinator_id END, g.source, g.report_id,
                   s.closed_at, s.changes, s.updated_at
            FROM gen_problem g
            JOIN (SELECT problem_id, min(at) FILTER (WHERE action = 'RAISE') AS raised_at, min(at) FILTER (WHERE action = 'ESCALATE') AS escalated_at,
                         min(at) FILTER (WHERE action = 'LIST') AS listed_at, min(at) FILTER (WHERE action = 'ACCEPT') AS closed_at,
                         count(*) FILTER (WHERE action NOT IN ('RAISE', 'ESCALATE')) AS changes, max(at) AS updated_at
                  FROM gen_step GROUP BY problem_id) s ON s.problem_id = g.id
            ORDER BY g.id
            """;

    static final String INSERT_STEPS = """
            INSERT INTO problem_step (problem_id, action, from_state, to_state, actor_id, at, text, department_id, deadline_before, deadline_after)
            SELECT problem_id, action, from_state, to_state, actor_id, at, text, department_id, deadline_before, deadline_after
            FROM gen_step ORDER BY problem_id, at, seq
            """;

    /** The notices' arguments as the problem module gives them: project, title, department, deadline, working days overdue, text. */
    private static final String PROBLEM_ARGS = """
            jsonb_build_array(p.name, pb.title, coalesce(d.name, ''), coalesce(to_char(pb.deadline, 'YYYY-MM-DD'), ''), %s,
                              coalesce(%s, ''))""";

    /**
     * The inbox of the loop as the problem module fills it: assignments and returns to the
     * department's handlers, answers to whoever raised the problem, each once per step; read a few
     * days after, except those of the last days before the loop day. Binds :readBefore.
     */
    static final String STEP_NOTICES = """
            INSERT INTO notification (recipient_id, kind, args, link, dedup_key, created_at, read_at)
            SELECT u.id, 'PROBLEM_ANSWERED',
                   %s, '/problems/' || pb.id, 'problem:' || pb.id || ':' || ps.id, ps.at,
                   CASE WHEN ps.at < CAST(:readBefore AS timestamptz) THEN ps.at + INTERVAL '3 hours' END
            FROM gen_problem g
            JOIN problem pb ON pb.id = g.id
            JOIN project p ON p.id = pb.project_id
            LEFT JOIN organization d ON d.id = pb.department_id
            JOIN problem_step ps ON ps.problem_id = pb.id AND ps.action = 'ANSWER'
            JOIN app_user u ON u.id = pb.raised_by AND u.enabled AND u.username IS NOT NULL
            UNION ALL
            SELECT u.id, CASE ps.action WHEN 'ASSIGN' THEN 'PROBLEM_ASSIGNED' ELSE 'PROBLEM_RETURNED' END,
                   %s, '/problems/' || pb.id, 'problem:' || pb.id || ':' || ps.id, ps.at,
                   CASE WHEN ps.at < CAST(:readBefore AS timestamptz) THEN ps.at + INTERVAL '3 hours' END
            FROM gen_problem g
            JOIN problem pb ON pb.id = g.id
            JOIN project p ON p.id = pb.project_id
            LEFT JOIN organization d ON d.id = pb.department_id
            JOIN problem_step ps ON ps.problem_id = pb.id AND ps.action IN ('ASSIGN', 'REJECT')
            JOIN app_user u ON u.organization_id = pb.department_id AND u.role = 'DEPARTMENT' AND u.enabled AND u.username IS NOT NULL
            ON CONFLICT (recipient_id, dedup_key) DO NOTHING
            """.formatted(PROBLEM_ARGS.formatted("0", "ps.text"), PROBLEM_ARGS.formatted("0", "ps.text"));

    /** The users of a role in the region nearest above each row of %1$s (columns id, region_id): (id, user_id). */
    private static final String NEAREST = """
            SELECT x.id, x.user_id FROM (
                SELECT c.id, u.id AS user_id, rank() OVER (PARTITION BY c.id ORDER BY length(ur.path) DESC) AS nearness
                FROM %1$s c
                JOIN region cr ON cr.id = c.region_id
                JOIN app_user u ON u.role = '%2$s' AND u.enabled AND u.username IS NOT NULL
                JOIN region ur ON ur.id = u.region_id AND cr.path LIKE ur.path || '%%'
            ) x WHERE x.nearness = 1""";

    /**
     * 直通车: each escalation told once to the project's responsible leader, or to the leaders nearest
     * above the problem's region when the project has none with a login. Binds :readBefore.
     */
    static final String ESCALATION_NOTICES = """
            INSERT INTO notification (recipient_id, kind, args, link, dedup_key, created_at, read_at)
            WITH chosen AS (
                SELECT pb.id, pb.region_id, ps.at, pu.id AS leader_id,
                       CASE WHEN pb.deadline < CAST(ps.at AT TIME ZONE 'Asia/Shanghai' AS date)
                            THEN working_days_between(pb.deadline, CAST(ps.at AT TIME ZONE 'Asia/Shanghai' AS date)) ELSE 0 END AS overdue
                FROM gen_problem g
                JOIN problem pb ON pb.id = g.id
                JOIN problem_step ps ON ps.problem_id = pb.id AND ps.action = 'ESCALATE'
                JOIN project p ON p.id = pb.project_id
                LEFT JOIN app_user pu ON pu.id = p.leader_id AND pu.enabled AND pu.username IS NOT NULL
            ), told AS (
                SELECT id, leader_id AS user_id FROM chosen WHERE leader_id IS NOT NULL
                UNION ALL
                SELECT n.id, n.user_id FROM (%s) n JOIN chosen c ON c.id = n.id WHERE c.leader_id IS NULL
            )
            SELECT t.user_id, 'PROBLEM_ESCALATED', %s, '/problems/' || pb.id, 'problem:' || pb.id || ':escalated', c.at,
                   CASE WHEN c.at < CAST(:readBefore AS timestamptz) THEN c.at + INTERVAL '1 hour' END
            FROM told t JOIN chosen c ON c.id = t.id
            JOIN problem pb ON pb.id = c.id
            JOIN project p ON p.id = pb.project_id
            LEFT JOIN organization d ON d.id = pb.department_id
            ON CONFLICT (recipient_id, dedup_key) DO NOTHING
            """.formatted(NEAREST.formatted("chosen", "LEADER"), PROBLEM_ARGS.formatted("c.overdue", "NULL"));

    /**
     * The loop day's overdue notices (逾期), unread: every problem the department owes past its
     * deadline, to its handlers and the coordinators nearest above its region. Binds :day, :at.
     */
    static final String OVERDUE_NOTICES = """
            INSERT INTO notification (recipient_id, kind, args, link, dedup_key, created_at)
            WITH chosen AS (
                SELECT pb.id, pb.region_id, pb.department_id, working_days_between(pb.deadline, CAST(:day AS date)) AS overdue
                FROM gen_problem g JOIN problem pb ON pb.id = g.id
                WHERE pb.state IN ('ASSIGNED', 'IN_PROGRESS') AND pb.deadline < CAST(:day AS date)
            ), told AS (
                SELECT c.id, u.id AS user_id FROM chosen c
                JOIN app_user u ON u.organization_id = c.department_id AND u.role = 'DEPARTMENT' AND u.enabled AND u.username IS NOT NULL
                UNION
                %s
            )
            SELECT t.user_id, 'PROBLEM_OVERDUE', %s, '/problems/' || pb.id, 'problem:' || pb.id || ':overdue:' || CAST(:day AS date),
                   CAST(:at AS timestamptz)
            FROM told t JOIN chosen c ON c.id = t.id
            JOIN problem pb ON pb.id = c.id
            JOIN project p ON p.id = pb.project_id
            LEFT JOIN organization d ON d.id = pb.department_id
            WHERE c.overdue > 0
            ON CONFLICT (recipient_id, dedup_key) DO NOTHING
            """.formatted(NEAREST.formatted("chosen", "COORDINATOR"),
            PROBLEM_ARGS.formatted("c.overdue", "(SELECT s.text FROM problem_step s WHERE s.problem_id = pb.id ORDER BY s.id DESC LIMIT 1)"));

    /**
     * The services of the year's months up to the loop day (服务台账): commissioners contact their
     * enterprises and visit the sites; each responsible leader is on site two to four times a month
     * (a visit or an on-site office session, logged by them or with them as a participant of the
     * commissioner's record), except in about one month in seven when they fall short; leaders chair
     * promotion meetings; departments handle permits, nearly all in parallel. On working days only.
     */
    static final String SERVICES = draws("""
            INSERT INTO gen_service (id, kind, project_id, region_id, person_id, participant_id, served_on, content, outcome, permit_type,
                permit_name, in_parallel)
            WITH loop_day AS (
                SELECT n AS n0 FROM gen_workday WHERE day <= CAST(:asOf AS date) ORDER BY n DESC LIMIT 1
            ), months AS (
                SELECT to_char(w.day, 'YYYY-MM') AS month, min(w.n) AS lo, max(w.n) AS hi
                FROM gen_workday w, loop_day ld WHERE w.day >= CAST(:yearStart AS date) AND w.n <= ld.n0 GROUP BY 1
            ), handlers AS (
                SELECT organization_id, min(id) AS user_id FROM app_user
                WHERE role = 'DEPARTMENT' AND enabled AND username IS NOT NULL GROUP BY organization_id
            ), active AS (
                SELECT p.id, p.region_id, p.commissioner_id, p.leader_id, p.department_id, p.stage, lp.coordinator_id
                FROM gen_loop_project lp JOIN project p ON p.id = lp.project_id
                WHERE p.stage IN ('SIGNED', 'PREPARATION', 'CONSTRUCTION', 'SUSPENDED')
            ), led AS (
                SELECT p.leader_id, p.id, p.region_id, p.commissioner_id,
                       row_number() OVER (PARTITION BY p.leader_id ORDER BY p.id) - 1 AS i, count(*) OVER (PARTITION BY p.leader_id) AS c
                FROM gen_loop_project lp JOIN project p ON p.id = lp.project_id
                WHERE p.leader_id IS NOT NULL AND p.stage NOT IN ('COMPLETED', 'WITHDRAWN')
            ), visits AS (
                SELECT l.leader_id, l.c, m.*, l.leader_id || '/' || m.month || '/' || k AS key
                FROM (SELECT DISTINCT leader_id, c FROM led) l
                CROSS JOIN months m
                CROSS JOIN LATERAL generate_series(1, CASE WHEN U{short; l.leader_id || '/' || m.month} < 0.15
                                                           THEN CAST(floor(U{visits; l.leader_id || '/' || m.month} * 2) AS INT)
                                                           ELSE 2 + CAST(floor(U{visits; l.leader_id || '/' || m.month} * 3) AS INT) END) k
            ), drawn AS (
                SELECT 'CONTACT' AS kind, a.id AS project_id, a.region_id, a.commissioner_id AS person_id, CAST(NULL AS BIGINT) AS participant_id,
                       m.lo + CAST(floor(U{day; a.id || '/' || m.month || '/c' || k} * (m.hi - m.lo + 1)) AS INT) AS n,
                       (ARRAY['电话联系企业负责人，了解项目推进情况和需协调事项', '走访企业办公地，对接项目建设资金安排',
                              '联系企业，提醒按时报送月度调度数据'])[1 + CAST(floor(U{text; a.id || '/' || m.month || '/c' || k} * 3) AS INT)] AS content,
                       CAST(NULL AS TEXT) AS outcome, CAST(NULL AS VARCHAR) AS permit_type, CAST(NULL AS TEXT) AS permit_name,
                       CAST(NULL AS BOOLEAN) AS in_parallel, a.id || '/' || m.month || '/c' || k AS key
                FROM active a CROSS JOIN months m
                CROSS JOIN LATERAL generate_series(1, CASE WHEN U{contacts; a.id || '/' || m.month} < 0.55 THEN 0
                                                           WHEN U{contacts; a.id || '/' || m.month} < 0.85 THEN 1 ELSE 2 END) k
                WHERE a.commissioner_id IS NOT NULL
                UNION ALL
                SELECT 'SITE_VISIT', a.id, a.region_id, a.commissioner_id, NULL,
                       m.lo + CAST(floor(U{day; a.id || '/' || m.month || '/v'} * (m.hi - m.lo + 1)) AS INT),
                       (ARRAY['到项目现场查看施工进度，了解存在问题', '现场检查项目安全生产和施工组织情况'])[1 + CAST(floor(U{text; a.id || '/' || m.month || '/v'} * 2) AS INT)],
                       '已建立问题台账，跟踪办理', NULL, NULL, NULL, a.id || '/' || m.month || '/v'
                FROM active a CROSS JOIN months m
                WHERE a.commissioner_id IS NOT NULL AND U{visit; a.id || '/' || m.month} < 0.25
                UNION ALL
                SELECT CASE WHEN U{kind; v.key} < 0.25 THEN 'ONSITE_OFFICE' ELSE 'SITE_VISIT' END, l.id, l.region_id,
                       CASE WHEN U{by; v.key} < 0.3 AND l.commissioner_id IS NOT NULL THEN l.commissioner_id ELSE v.leader_id END,
                       CASE WHEN U{by; v.key} < 0.3 AND l.commissioner_id IS NOT NULL THEN v.leader_id END,
                       v.lo + CAST(floor(U{day; v.key} * (v.hi - v.lo + 1)) AS INT),
                       CASE WHEN U{kind; v.key} < 0.25 THEN '在项目现场召开现场办公会，协调解决用地和配套问题'
                            ELSE '包保领导到项目现场调研，听取企业汇报，协调推进项目建设' END,
                       '明确责任单位和完成时限', NULL, NULL, NULL, v.key
                FROM visits v JOIN led l ON l.leader_id = v.leader_id AND l.i = CAST(floor(U{project; v.key} * v.c) AS INT)
                UNION ALL
                SELECT 'PROMOTION_MEETING', a.id, a.region_id, coalesce(a.leader_id, a.coordinator_id), a.commissioner_id,
                       m.lo + CAST(floor(U{day; a.id || '/' || m.month || '/m'} * (m.hi - m.lo + 1)) AS INT),
                       '召开项目专题推进会，明确各部门任务分工和完成时限', '形成会议纪要，逐项销号推进', NULL, NULL, NULL,
                       a.id || '/' || m.month || '/m'
                FROM active a CROSS JOIN months m
                WHERE U{meeting; a.id || '/' || m.month} < 0.03
                UNION ALL
                SELECT 'PARALLEL_APPROVAL', a.id, a.region_id, coalesce(h.user_id, a.coordinator_id), NULL,
                       m.lo + CAST(floor(U{day; a.id || '/' || m.month || '/a'} * (m.hi - m.lo + 1)) AS INT),
                       '并联办理项目审批手续，压缩审批时限', NULL,
                       (ARRAY['LAND', 'PLANNING', 'EIA', 'ENERGY', 'CONSTRUCTION_PERMIT', 'OTHER'])[1 + CAST(floor(U{permit; a.id || '/' || m.month} * 6) AS INT)],
                       CASE WHEN floor(U{permit; a.id || '/' || m.month} * 6) = 5 THEN '水土保持方案审批' END,
                       U{parallel; a.id || '/' || m.month} < 0.92, a.id || '/' || m.month || '/a'
                FROM active a CROSS JOIN months m
                LEFT JOIN handlers h ON h.organization_id = a.department_id
                WHERE a.stage IN ('PREPARATION', 'CONSTRUCTION') AND U{approval; a.id || '/' || m.month} < 0.04
            )
            SELECT nextval(pg_get_serial_sequence('service_record', 'id')), d.kind, d.project_id, d.region_id, d.person_id, d.participant_id,
                   w.day, d.content, d.outcome, d.permit_type, d.permit_name, d.in_parallel
            FROM (SELECT * FROM drawn ORDER BY key, kind) d JOIN gen_workday w ON w.n = d.n
            """);

    /**
     * The services that keep the promises of the signings of the last 60 working days: the record of
     * the commissioner named (the project has one since the signing), and for each of 现场踏勘, 土地供应 and
     * 专题推进会 about half on time, a quarter late, a quarter not (yet) at all; none after the loop day.
     */
    static final String PROMISE_SERVICES = draws("""
            INSERT INTO gen_service (id, kind, project_id, region_id, person_id, participant_id, served_on, content, outcome, permit_type,
                permit_name, in_parallel)
            WITH loop_day AS (
                SELECT n AS n0 FROM gen_workday WHERE day <= CAST(:asOf AS date) ORDER BY n DESC LIMIT 1
            ), signed AS (
                SELECT p.id, p.region_id, p.commissioner_id, p.leader_id, lp.coordinator_id, sc.effective_on,
                       (SELECT min(w.n) FROM gen_workday w WHERE w.day > sc.effective_on) AS first_n
                FROM gen_loop_project lp
                JOIN project p ON p.id = lp.project_id AND p.stage = 'SIGNED'
                JOIN LATERAL (SELECT c.to_stage, c.effective_on FROM project_stage_change c WHERE c.project_id = p.id
                              ORDER BY c.effective_on DESC, c.id DESC LIMIT 1) sc ON sc.to_stage = 'SIGNED'
                CROSS JOIN loop_day ld
                WHERE sc.effective_on >= (SELECT day FROM gen_workday WHERE n = ld.n0 - 60)
            ), kept AS (
                SELECT s.*, k.kind, k.days, s.id || '/' || k.kind AS key,
                       CASE WHEN k.kind = 'COMMISSIONER_NAMED' THEN CASE WHEN s.commissioner_id IS NOT NULL THEN s.first_n END
                            WHEN U{kept; s.id || '/' || k.kind} < 0.55 THEN s.first_n + CAST(floor(U{day; s.id || '/' || k.kind} * k.days) AS INT)
                            WHEN U{kept; s.id || '/' || k.kind} < 0.8 THEN s.first_n + k.days + CAST(floor(U{day; s.id || '/' || k.kind} * 5) AS INT)
                       END AS n
                FROM signed s
                CROSS JOIN (VALUES ('COMMISSIONER_NAMED', 1), ('SITE_VISIT', 2), ('LAND_SUPPLY', 3), ('PROMOTION_MEETING', 5)) k (kind, days)
            )
            SELECT nextval(pg_get_serial_sequence('service_record', 'id')), k.kind, k.id, k.region_id,
                   CASE k.kind WHEN 'SITE_VISIT' THEN coalesce(k.commissioner_id, k.coordinator_id)
                               WHEN 'PROMOTION_MEETING' THEN coalesce(k.leader_id, k.coordinator_id) ELSE k.coordinator_id END,
                   NULL, w.day,
                   CASE k.kind WHEN 'SITE_VISIT' THEN '签约项目现场踏勘，核实地块四至和周边配套'
                               WHEN 'LAND_SUPPLY' THEN '启动项目用地供应程序，完成地块出让方案编制'
                               WHEN 'COMMISSIONER_NAMED' THEN '明确项目专员，建立一对一跟踪服务机制'
                               ELSE '召开签约项目专题推进会，明确落地任务清单' END,
                   NULL, NULL, NULL, NULL
            FROM (SELECT * FROM kept ORDER BY key) k
            CROSS JOIN loop_day ld
            JOIN gen_workday w ON w.n = k.n
            WHERE k.n <= ld.n0
            """);

    static final String INSERT_SERVICES = """
            INSERT INTO service_record (id, kind, project_id, region_id, person_id, served_on, content, outcome, permit_type, permit_name,
                in_parallel, created_by, created_at, updated_at)
            SELECT id, kind, project_id, region_id, person_id, served_on, content, outcome, permit_type, permit_name, in_parallel, person_id,
                   (served_on + TIME '17:20' + make_interval(mins => CAST(id % 90 AS INT))) AT TIME ZONE 'Asia/Shanghai',
                   (served_on + TIME '17:20' + make_interval(mins => CAST(id % 90 AS INT))) AT TIME ZONE 'Asia/Shanghai'
            FROM gen_service ORDER BY id
            """;

    static final String INSERT_PARTICIPANTS = """
            INSERT INTO service_participant (service_id, user_id)
            SELECT id, participant_id FROM gen_service WHERE participant_id IS NOT NULL AND participant_id <> person_id
            """;

    /**
     * The promises (服务承诺) of the signings of the last 60 working days, as the service module makes
     * them on signing: one of each kind, due on the working-day calendar; the commissioner promise kept
     * on the signing day by a project that has one. Then each open one is kept by the earliest fitting
     * service on or after the signing day, as logging a service does.
     */
    static final String PROMISES = """
            INSERT INTO service_promise (project_id, region_id, stage_change_id, kind, signed_on, due_on, fulfilled_on, fulfilled_at, created_at)
            SELECT p.id, p.region_id, sc.id, k.kind, sc.effective_on, working_day_add(sc.effective_on, k.days),
                   CASE WHEN k.kind = 'COMMISSIONER_NAMED' AND p.commissioner_id IS NOT NULL THEN sc.effective_on END,
                   CASE WHEN k.kind = 'COMMISSIONER_NAMED' AND p.commissioner_id IS NOT NULL THEN sc.recorded_at END,
                   sc.recorded_at
            FROM gen_loop_project lp
            JOIN project p ON p.id = lp.project_id AND p.stage = 'SIGNED'
            JOIN LATERAL (SELECT c.id, c.to_stage, c.effective_on, c.recorded_at FROM project_stage_change c WHERE c.project_id = p.id
                          ORDER BY c.effective_on DESC, c.id DESC LIMIT 1) sc ON sc.to_stage = 'SIGNED'
            CROSS JOIN %1$s k (kind, days, service_kind)
            WHERE sc.effective_on >= (SELECT w.day FROM gen_workday w
                                      WHERE w.n = (SELECT max(n) FROM gen_workday WHERE day <= CAST(:asOf AS date)) - 60)
            ORDER BY p.id, k.days
            ON CONFLICT (stage_change_id, kind) DO NOTHING
            """.formatted(PROMISE_KINDS);

    /** Keeps each open promise of the generated projects with the earliest fitting service on or after the signing day. */
    static final String KEEP_PROMISES = """
            UPDATE service_promise sp SET fulfilled_on = f.served_on, service_id = f.service_id,
                   fulfilled_at = (f.served_on + TIME '17:30') AT TIME ZONE 'Asia/Shanghai'
            FROM (SELECT DISTINCT ON (sp.id) sp.id AS promise_id, s.id AS service_id, s.served_on
                  FROM service_promise sp
                  JOIN gen_loop_project lp ON lp.project_id = sp.project_id
                  JOIN %1$s k (kind, days, service_kind) ON k.kind = sp.kind
                  JOIN service_record s ON s.project_id = sp.project_id AND s.kind = k.service_kind AND s.served_on >= sp.signed_on
                  WHERE sp.fulfilled_on IS NULL
                  ORDER BY sp.id, s.served_on, s.id) f
            WHERE sp.id = f.promise_id
            """.formatted(PROMISE_KINDS);

    /**
     * 承诺逾期: each promise not kept on the morning of the first working day after its due day (up to
     * the loop day) told once, that morning, to the handlers of the project's department and to its
     * commissioner, or without one to the coordinators nearest above it.
     */
    static final String PROMISE_NOTICES = """
            INSERT INTO notification (recipient_id, kind, args, link, dedup_key, created_at, read_at)
            WITH late AS (
                SELECT sp.id, sp.project_id, p.name, p.region_id, p.department_id, p.commissioner_id, sp.signed_on, sp.due_on, k.days,
                       w.day AS told_on
                FROM service_promise sp
                JOIN gen_loop_project lp ON lp.project_id = sp.project_id
                JOIN project p ON p.id = sp.project_id AND p.stage <> 'WITHDRAWN'
                JOIN %s k (kind, days, service_kind) ON k.kind = sp.kind
                JOIN gen_workday w ON w.n = (SELECT min(n) FROM gen_workday WHERE day > sp.due_on)
                WHERE w.day <= CAST(:asOf AS date) AND (sp.fulfilled_on IS NULL OR sp.fulfilled_on >= w.day)
            ), told AS (
                SELECT l.id, u.id AS user_id FROM late l
                JOIN app_user u ON u.organization_id = l.department_id AND u.role = 'DEPARTMENT' AND u.enabled AND u.username IS NOT NULL
                UNION
                SELECT id, commissioner_id FROM late WHERE commissioner_id IS NOT NULL
                UNION
                SELECT n.id, n.user_id FROM (%s) n JOIN late l ON l.id = n.id WHERE l.commissioner_id IS NULL
            )
            SELECT t.user_id, 'PROMISE_BROKEN',
                   jsonb_build_array(l.name, l.days, to_char(l.signed_on, 'YYYY-MM-DD'), to_char(l.due_on, 'YYYY-MM-DD'), 1),
                   '/projects/' || l.project_id, 'promise:' || l.id, (l.told_on + TIME '08:30') AT TIME ZONE 'Asia/Shanghai',
                   CASE WHEN l.told_on < CAST(:readBefore AS timestamptz) THEN (l.told_on + TIME '10:00') AT TIME ZONE 'Asia/Shanghai' END
            FROM told t JOIN late l ON l.id = t.id
            JOIN app_user u ON u.id = t.user_id AND u.enabled AND u.username IS NOT NULL
            ON CONFLICT (recipient_id, dedup_key) DO NOTHING
            """.formatted(PROMISE_KINDS, NEAREST.formatted("late", "COORDINATOR"));
}
