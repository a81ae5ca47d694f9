package org.keyproject.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyproject.project.Stage;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The generator against a real PostgreSQL with the real schema, without the application context:
 * two databases, each migrated, so that two runs can be compared row by row.
 */
class DataGeneratorTest {

    private static final GeneratorSpec SPEC = new GeneratorSpec(2026, 400, 10, 2026);

    private static EmbeddedPostgres pg;
    private static JdbcTemplate first;
    private static JdbcTemplate second;
    private static GeneratedData generated;

    @BeforeAll
    static void generateTwiceIntoFreshDatabases() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("timezone", "Asia/Shanghai").start();
        new JdbcTemplate(pg.getPostgresDatabase()).execute("CREATE DATABASE second_run");
        first = migrated(pg.getPostgresDatabase());
        second = migrated(pg.getDatabase("postgres", "second_run"));
        generated = new DataGenerator(first, () -> "{noop}demo", null).generate(SPEC);
        new DataGenerator(second, () -> "{noop}demo", null).generate(SPEC);
    }

    private static JdbcTemplate migrated(DataSource ds) {
        Flyway.configure().dataSource(ds).load().migrate();
        return new JdbcTemplate(ds);
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static List<String> projectsInGenerationOrder(JdbcTemplate jdbc) {
        return jdbc.query("SELECT name, total_investment, stage, nature, planned_start_date FROM project ORDER BY id",
                (rs, i) -> rs.getString(1) + "|" + rs.getBigDecimal(2).toPlainString() + "|" + rs.getString(3) + "|"
                        + rs.getString(4) + "|" + rs.getDate(5));
    }

    @Test
    void demoDataLoadsWhenAskedOrOnTheEmbeddedDatabaseUnlessSwitchedOff() {
        assertThat(DemoDataLoader.wanted(null, null)).isTrue();
        assertThat(DemoDataLoader.wanted("", "")).isTrue();
        assertThat(DemoDataLoader.wanted("", "jdbc:postgresql://db/keyproject")).isFalse();
        assertThat(DemoDataLoader.wanted("true", "jdbc:postgresql://db/keyproject")).isTrue();
        assertThat(DemoDataLoader.wanted("false", null)).isFalse();
    }

    @Test
    void theSameSeedGivesTheSameProjectsInTheSameOrder() {
        List<String> a = projectsInGenerationOrder(first);
        List<String> b = projectsInGenerationOrder(second);
        assertThat(a).hasSize(400);
        assertThat(a).isEqualTo(b);
        assertThat(first.queryForList("SELECT name FROM organization ORDER BY id", String.class))
                .isEqualTo(second.queryForList("SELECT name FROM organization ORDER BY id", String.class));
        assertThat(loopInOrder(first)).isNotEmpty().isEqualTo(loopInOrder(second));
    }

    /** The problems with their steps, the services and the notices, by content, in an order that does not depend on ids. */
    private static List<String> loopInOrder(JdbcTemplate jdbc) {
        List<String> rows = new ArrayList<>(jdbc.queryForList("""
                SELECT pb.project_id || '|' || pb.title || '|' || pb.state || '|' || coalesce(pb.deadline::text, '') || '|' || pb.raised_at
                       || '|' || (SELECT string_agg(s.action || '@' || s.at, ',' ORDER BY s.id) FROM problem_step s WHERE s.problem_id = pb.id)
                FROM problem pb ORDER BY pb.project_id, pb.raised_at, pb.title""", String.class));
        rows.addAll(jdbc.queryForList("""
                SELECT kind || '|' || project_id || '|' || person_id || '|' || served_on || '|' || content FROM service_record
                ORDER BY project_id, served_on, kind, person_id, content""", String.class));
        rows.addAll(jdbc.queryForList("""
                SELECT project_id || '|' || kind || '|' || due_on || '|' || coalesce(fulfilled_on::text, '') FROM service_promise
                ORDER BY project_id, kind""", String.class));
        rows.addAll(jdbc.queryForList("""
                SELECT n.recipient_id || '|' || n.kind || '|' || n.args || '|' || n.created_at FROM notification n
                ORDER BY n.recipient_id, n.created_at, n.kind, n.args::text""", String.class));
        return rows;
    }

    @Test
    void aDifferentSeedGivesADifferentLibrary() throws Exception {
        new JdbcTemplate(pg.getPostgresDatabase()).execute("CREATE DATABASE other_seed");
        JdbcTemplate other = migrated(pg.getDatabase("postgres", "other_seed"));
        new DataGenerator(other, () -> "{noop}demo", null).generate(new GeneratorSpec(7, 400, 10, 2026));
        assertThat(projectsInGenerationOrder(other)).isNotEqualTo(projectsInGenerationOrder(first));
    }

    @Test
    void reportsWhatItWroteUnderANewRootCity() {
        assertThat(generated.projects()).isEqualTo(400);
        assertThat(generated.rootRegionId()).isEqualTo(first.queryForObject("SELECT id FROM region WHERE parent_id IS NULL", Long.class));
        assertThat(generated.regions()).isEqualTo(first.queryForObject("SELECT count(*) FROM region", Integer.class));
        assertThat(generated.users()).isEqualTo(first.queryForObject("SELECT count(*) FROM app_user", Integer.class)).isLessThan(200);
        assertThat(first.queryForObject("SELECT count(*) FROM region WHERE level = 'COUNTY'", Integer.class)).isEqualTo(10);
        assertThat(first.queryForObject("SELECT count(*) FROM app_user WHERE username = 'admin'", Integer.class)).isZero();
    }

    @Test
    void regionPathsAreTheChainOfIdsAndShortNamesDropTheSuffix() {
        List<Map<String, Object>> bad = first.queryForList("""
                SELECT r.id FROM region r LEFT JOIN region p ON p.id = r.parent_id
                WHERE r.path <> coalesce(p.path, '/') || r.id || '/'""");
        assertThat(bad).isEmpty();
        assertThat(first.queryForList("SELECT name FROM region WHERE short_name = name OR short_name IS NULL", String.class)).isEmpty();
    }

    @Test
    void everyProjectIsInTheLibraryThresholdOfFiveMillionYuan() {
        assertThat(first.queryForObject("SELECT min(total_investment) FROM project", BigDecimal.class))
                .isGreaterThanOrEqualTo(new BigDecimal("500"));
    }

    @Test
    void everyStageNatureCategoryAndTierIsPresent() {
        assertThat(first.queryForList("SELECT DISTINCT stage FROM project", String.class))
                .containsExactlyInAnyOrder("RESERVE", "SIGNED", "PREPARATION", "CONSTRUCTION", "COMPLETED", "SUSPENDED", "WITHDRAWN");
        assertThat(first.queryForList("SELECT DISTINCT nature FROM project", String.class)).containsExactlyInAnyOrder("NEW", "CONTINUING");
        assertThat(first.queryForList("SELECT DISTINCT category FROM project", String.class))
                .containsExactlyInAnyOrder("INDUSTRIAL", "INFRASTRUCTURE", "SOCIAL");
        Map<String, Integer> tiers = new java.util.HashMap<>();
        first.query("SELECT tier, count(*) FROM project GROUP BY tier", rs -> {
            tiers.put(rs.getString(1), rs.getInt(2));
        });
        assertThat(tiers.keySet()).containsExactlyInAnyOrder("CITY", "COUNTY", "DEPT");
        assertThat(tiers.get("CITY")).isBetween(20, 70);
        assertThat(tiers.get("DEPT")).isGreaterThan(tiers.get("COUNTY"));
    }

    @Test
    void constructionIsTheLargestStage() {
        String largest = first.queryForObject("SELECT stage FROM project GROUP BY stage ORDER BY count(*) DESC LIMIT 1", String.class);
        assertThat(largest).isEqualTo("CONSTRUCTION");
    }

    @Test
    void everyLifecycleIsALegalDatedChainEndingInTheCurrentStage() {
        Map<Long, String> stageOf = new java.util.HashMap<>();
        first.query("SELECT id, stage FROM project", rs -> {
            stageOf.put(rs.getLong(1), rs.getString(2));
        });
        List<String> problems = new ArrayList<>();
        Map<Long, String[]> last = new java.util.HashMap<>();
        first.query("SELECT project_id, from_stage, to_stage, effective_on FROM project_stage_change ORDER BY project_id, effective_on, id", rs -> {
            long id = rs.getLong(1);
            String from = rs.getString(2);
            String to = rs.getString(3);
            String on = rs.getString(4);
            String[] previous = last.get(id);
            boolean legal = from == null ? to.equals("RESERVE") : Stage.valueOf(from).canMoveTo(Stage.valueOf(to));
            if (!legal) {
                problems.add(id + ": illegal " + from + ">" + to);
            }
            if (!Objects.equals(from, previous == null ? null : previous[0])) {
                problems.add(id + ": " + from + " does not follow " + (previous == null ? null : previous[0]));
            }
            if (previous != null && on.compareTo(previous[1]) <= 0) {
                problems.add(id + ": " + on + " not after " + previous[1]);
            }
            last.put(id, new String[] {to, on});
        });
        stageOf.forEach((id, stage) -> {
            if (last.get(id) == null || !last.get(id)[0].equals(stage)) {
                problems.add(id + ": history does not end in " + stage);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void datesAgreeWithTheStages() {
        assertThat(first.queryForObject("""
                SELECT count(*) FROM project
                WHERE (stage IN ('CONSTRUCTION', 'COMPLETED') AND actual_start_date IS NULL)
                   OR (stage = 'COMPLETED' AND (actual_completion_date IS NULL OR actual_completion_date <= actual_start_date))
                   OR (stage <> 'COMPLETED' AND actual_completion_date IS NOT NULL)
                   OR (stage IN ('RESERVE', 'SIGNED', 'PREPARATION', 'WITHDRAWN') AND actual_start_date IS NOT NULL)
                   OR (nature = 'CONTINUING' AND actual_start_date >= DATE '2026-01-01')
                   OR planned_completion_date < planned_start_date""", Integer.class)).isZero();
        assertThat(first.queryForObject("""
                SELECT count(*) FROM project p JOIN project_stage_change c ON c.project_id = p.id
                WHERE c.to_stage = 'CONSTRUCTION' AND c.from_stage = 'PREPARATION' AND c.effective_on <> p.actual_start_date""",
                Integer.class)).isZero();
    }

    @Test
    void packagesBundleTwoToFourSubProjectsAddingUpToThePackage() {
        List<Map<String, Object>> packages = first.queryForList("""
                SELECT k.id, k.name, k.total_investment, count(s.id) AS subs, sum(s.total_investment) AS sum
                FROM project k JOIN project s ON s.package_id = k.id GROUP BY k.id""");
        assertThat(packages).isNotEmpty();
        for (Map<String, Object> p : packages) {
            assertThat((String) p.get("name")).endsWith("打包项目");
            assertThat(((Number) p.get("subs")).intValue()).isBetween(2, 4);
            assertThat((BigDecimal) p.get("sum")).isEqualByComparingTo((BigDecimal) p.get("total_investment"));
        }
    }

    @Test
    void annualListsCoverTheYearAndTheYearBefore() {
        Map<String, Object> thisYear = first.queryForMap("""
                SELECT count(*) FILTER (WHERE e.level = 'CITY') AS city, count(*) FILTER (WHERE e.level = 'COUNTY') AS county,
                       count(*) FILTER (WHERE e.level = 'PROVINCE') AS province,
                       count(*) FILTER (WHERE e.planned_investment > p.total_investment) AS overplanned,
                       count(*) FILTER (WHERE e.target = 'START' AND e.planned_start_month IS NULL) AS start_without_month,
                       count(*) FILTER (WHERE p.stage IN ('RESERVE', 'WITHDRAWN')) AS ineligible
                FROM annual_list_entry e JOIN project p ON p.id = e.project_id JOIN annual_list l ON l.id = e.list_id
                WHERE e.year = 2026 AND l.year = e.year AND l.level = e.level""");
        long listed = ((Number) thisYear.get("city")).longValue();
        long eligible = first.queryForObject("""
                SELECT count(*) FROM project WHERE stage NOT IN ('RESERVE', 'WITHDRAWN') AND package_id IS NULL
                  AND (actual_completion_date IS NULL OR actual_completion_date >= DATE '2026-01-01')""", Long.class);
        assertThat((double) listed / eligible).isBetween(0.6, 0.8);
        assertThat(((Number) thisYear.get("county")).longValue()).isPositive();
        assertThat(((Number) thisYear.get("province")).longValue()).isPositive();
        assertThat(((Number) thisYear.get("overplanned")).longValue()).isZero();
        assertThat(((Number) thisYear.get("start_without_month")).longValue()).isZero();
        assertThat(((Number) thisYear.get("ineligible")).longValue()).isZero();
        assertThat(first.queryForList("SELECT DISTINCT target FROM annual_list_entry WHERE year = 2026", String.class))
                .containsExactlyInAnyOrder("START", "COMPLETE", "CONTINUE");
        assertThat(first.queryForObject("SELECT count(*) FROM annual_list_entry WHERE year = 2025 AND level = 'CITY'", Long.class)).isPositive();
        assertThat(first.queryForObject("SELECT count(*) FROM annual_list WHERE year = 2026 AND level = 'CITY'", Long.class)).isEqualTo(2);
    }

    @Test
    void startBatchesGatherProjectsThatStartedThatDay() {
        List<Map<String, Object>> batches = first.queryForList("""
                SELECT b.name, b.held_on, count(*) AS projects, count(*) FILTER (WHERE p.actual_start_date <> b.held_on) AS elsewhen
                FROM start_batch b JOIN start_batch_project bp ON bp.batch_id = b.id JOIN project p ON p.id = bp.project_id
                GROUP BY b.id ORDER BY b.held_on""");
        assertThat(batches).hasSizeBetween(2, 3);
        for (Map<String, Object> b : batches) {
            assertThat(((Number) b.get("projects")).intValue()).isBetween(20, 100);
            assertThat(((Number) b.get("elsewhen")).intValue()).isZero();
        }
    }

    @Test
    void everyUserWhoSignsInGetsTheInitialPasswordHash() {
        assertThat(first.queryForList("SELECT DISTINCT password_hash FROM app_user", String.class)).containsExactly("{noop}demo");
        assertThat(first.queryForList("SELECT username FROM app_user WHERE username IN ('fgw1', 'fgw2', 'county01', 'gc1')", String.class))
                .hasSize(4);
        assertThat(first.queryForList("SELECT DISTINCT role FROM app_user", String.class))
                .containsExactlyInAnyOrder("COORDINATOR", "LEADER", "COMMISSIONER", "DEPARTMENT", "ENTERPRISE", "OBSERVER");
    }

    @Test
    void generatingAgainAddsBesideTheExistingCity() {
        new JdbcTemplate(pg.getPostgresDatabase()).execute("CREATE DATABASE rerun");
        JdbcTemplate rerun = migrated(pg.getDatabase("postgres", "rerun"));
        DataGenerator generator = new DataGenerator(rerun, () -> "{noop}demo", null);
        GeneratedData once = generator.generate(new GeneratorSpec(5, 120, 3, 2026));
        GeneratedData twice = generator.generate(new GeneratorSpec(5, 120, 3, 2026));
        assertThat(twice.rootRegionId()).isEqualTo(once.rootRegionId());
        assertThat(rerun.queryForObject("SELECT count(*) FROM region WHERE parent_id IS NULL", Integer.class)).isEqualTo(1);
        assertThat(rerun.queryForObject("SELECT count(*) FROM project", Integer.class)).isEqualTo(240);
        assertThat(rerun.queryForObject("SELECT count(*) FROM region WHERE level = 'COUNTY'", Integer.class)).isEqualTo(6);
    }

    // ------------------------------------------------------------ the problem loop, services and promises

    /** The loop stands on the last working day on or before 30 June 2026, a Tuesday. */
    private static final String LOOP_DAY = "DATE '2026-06-30'";

    @Test
    void theLoopHasProblemsInEveryStateReturnedListedEscalatedAndOverdue() {
        assertThat(first.queryForList("SELECT DISTINCT state FROM problem", String.class))
                .containsExactlyInAnyOrder("RAISED", "ASSIGNED", "IN_PROGRESS", "ANSWERED", "CLOSED", "DISMISSED");
        Map<String, Object> counts = first.queryForMap("""
                SELECT count(*) AS problems,
                       count(*) FILTER (WHERE source = 'REPORT' AND state = 'RAISED') AS candidates,
                       count(*) FILTER (WHERE source = 'REPORT' AND state IN ('ASSIGNED', 'DISMISSED')) AS confirmed_candidates,
                       count(DISTINCT state) FILTER (WHERE EXISTS (SELECT 1 FROM problem_step s WHERE s.problem_id = problem.id
                                                                   AND s.action = 'REJECT')) AS returned_states,
                       count(*) FILTER (WHERE listed) AS listed,
                       count(*) FILTER (WHERE direct_line) AS direct,
                       count(*) FILTER (WHERE escalated_at IS NOT NULL AND NOT direct_line) AS escalated_overdue,
                       count(*) FILTER (WHERE state IN ('ASSIGNED', 'IN_PROGRESS') AND deadline < %1$s) AS overdue,
                       count(*) FILTER (WHERE state IN ('ASSIGNED', 'IN_PROGRESS') AND deadline >= %1$s) AS in_time
                FROM problem""".formatted(LOOP_DAY));
        assertThat(((Number) counts.get("problems")).intValue()).as("problems at 400 projects").isBetween(200, 600);
        for (String what : List.of("candidates", "confirmed_candidates", "listed", "direct", "escalated_overdue", "overdue", "in_time")) {
            assertThat(((Number) counts.get(what)).intValue()).as(what).isPositive();
        }
        assertThat(((Number) counts.get("returned_states")).intValue()).as("returned once, then in progress, answered or closed").isEqualTo(3);
    }

    @Test
    void everyProblemsStepsFollowOneAnotherInTimeFromRaisingToItsState() {
        List<String> broken = first.queryForList("""
                WITH ordered AS (
                    SELECT s.*, lag(s.to_state) OVER w AS previous_state, lag(s.at) OVER w AS previous_at,
                           row_number() OVER w AS no, last_value(s.to_state) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS final
                    FROM problem_step s WINDOW w AS (PARTITION BY s.problem_id ORDER BY s.id))
                SELECT o.problem_id || ' ' || o.action FROM ordered o JOIN problem pb ON pb.id = o.problem_id
                WHERE (o.no = 1) <> (o.action = 'RAISE')
                   OR (o.no = 1 AND (o.at <> pb.raised_at OR o.actor_id <> pb.raised_by))
                   OR (o.no > 1 AND (o.from_state <> o.previous_state OR o.at < o.previous_at))
                   OR o.final <> pb.state
                   OR o.at >= TIMESTAMPTZ '2026-07-01 00:00+08'""", String.class);
        assertThat(broken).isEmpty();
        assertThat(first.queryForObject("""
                SELECT count(*) FROM problem pb
                WHERE pb.version <> (SELECT count(*) FROM problem_step s WHERE s.problem_id = pb.id AND s.action NOT IN ('RAISE', 'ESCALATE'))
                   OR (pb.escalated_at IS NOT NULL)
                      <> (SELECT count(*) = 1 FROM problem_step s WHERE s.problem_id = pb.id AND s.action = 'ESCALATE')
                   OR pb.listed <> EXISTS (SELECT 1 FROM problem_step s WHERE s.problem_id = pb.id AND s.action = 'LIST')""",
                Integer.class)).isZero();
    }

    @Test
    void everyClosedProblemWasAnsweredAndAcceptedAndEveryDeadlineIsTheWorkingDayItsAssignmentGave() {
        assertThat(first.queryForObject("""
                SELECT count(*) FROM problem pb
                WHERE pb.state = 'CLOSED' AND (pb.closed_at IS NULL
                   OR NOT EXISTS (SELECT 1 FROM problem_step s WHERE s.problem_id = pb.id AND s.action = 'ANSWER')
                   OR NOT EXISTS (SELECT 1 FROM problem_step s WHERE s.problem_id = pb.id AND s.action = 'ACCEPT' AND s.at = pb.closed_at))""",
                Integer.class)).isZero();
        assertThat(first.queryForObject("SELECT count(*) FROM problem WHERE state = 'CLOSED'", Integer.class)).isPositive();
        Map<String, Object> deadlines = first.queryForMap("""
                SELECT count(*) AS assigned,
                       count(*) FILTER (WHERE NOT is_working_day(pb.deadline)) AS off_days,
                       count(*) FILTER (WHERE pb.deadline <> working_day_add(CAST(s.at AT TIME ZONE 'Asia/Shanghai' AS date), pb.deadline_days)
                                           OR s.deadline_after <> pb.deadline OR s.department_id <> pb.department_id) AS wrong
                FROM problem pb JOIN problem_step s ON s.problem_id = pb.id AND s.action = 'ASSIGN'""");
        assertThat(((Number) deadlines.get("assigned")).intValue()).isPositive();
        assertThat(((Number) deadlines.get("off_days")).intValue()).isZero();
        assertThat(((Number) deadlines.get("wrong")).intValue()).isZero();
        assertThat(first.queryForObject("""
                SELECT count(*) FROM problem_step s JOIN problem pb ON pb.id = s.problem_id
                WHERE s.action NOT IN ('RAISE', 'ESCALATE') AND NOT is_working_day(CAST(s.at AT TIME ZONE 'Asia/Shanghai' AS date))
                   OR (s.action IN ('START', 'ANSWER') AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = s.actor_id
                                                                         AND u.role = 'DEPARTMENT' AND u.organization_id = pb.department_id))""",
                Integer.class)).isZero();
    }

    @Test
    void everyOpenMonthReportWithProblemsHasExactlyOneCandidateAsTheMorningSweepWouldMake() {
        assertThat(first.queryForObject("""
                SELECT count(*) FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id AND rp.state = 'OPEN'
                WHERE pr.problems_text IS NOT NULL AND pr.state IN ('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')""", Integer.class))
                .isPositive()
                .isEqualTo(first.queryForObject("""
                        SELECT count(*) FROM problem pb JOIN progress_report pr ON pr.id = pb.source_report_id
                        WHERE pb.title = left(pr.problems_text, 60) AND pb.raised_by = pr.submitted_by AND pb.raised_at = pr.submitted_at""",
                        Integer.class));
    }

    @Test
    void servicesOfEveryKindFallOnWorkingDaysOfEachMonthAndMostLeadersAreOnSiteTwiceAMonth() {
        assertThat(first.queryForList("SELECT DISTINCT kind FROM service_record", String.class)).containsExactlyInAnyOrder(
                "CONTACT", "SITE_VISIT", "ONSITE_OFFICE", "PROMOTION_MEETING", "PARALLEL_APPROVAL", "LAND_SUPPLY", "COMMISSIONER_NAMED");
        assertThat(first.queryForList("SELECT DISTINCT extract(MONTH FROM served_on)::int FROM service_record ORDER BY 1", Integer.class))
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(first.queryForObject("""
                SELECT count(*) FROM service_record
                WHERE NOT is_working_day(served_on) AND kind <> 'COMMISSIONER_NAMED' OR served_on > %s""".formatted(LOOP_DAY),
                Integer.class)).isZero();
        Map<String, Object> approvals = first.queryForMap("""
                SELECT count(*) AS permits, count(*) FILTER (WHERE in_parallel) AS parallel FROM service_record WHERE kind = 'PARALLEL_APPROVAL'""");
        assertThat(((Number) approvals.get("parallel")).doubleValue() / ((Number) approvals.get("permits")).doubleValue()).isGreaterThan(0.8);
        List<Map<String, Object>> months = first.queryForList("""
                WITH leaders AS (SELECT DISTINCT leader_id FROM project WHERE leader_id IS NOT NULL AND stage NOT IN ('COMPLETED', 'WITHDRAWN')),
                     on_site AS (SELECT s.person_id AS leader_id, s.served_on FROM service_record s WHERE s.kind IN ('SITE_VISIT', 'ONSITE_OFFICE')
                                 UNION ALL
                                 SELECT sp.user_id, s.served_on FROM service_participant sp JOIN service_record s ON s.id = sp.service_id
                                 WHERE s.kind IN ('SITE_VISIT', 'ONSITE_OFFICE'))
                SELECT m.month, count(*) FILTER (WHERE v.visits >= 2) AS enough, count(*) FILTER (WHERE v.visits < 2) AS short
                FROM generate_series(1, 6) m (month) CROSS JOIN leaders l
                CROSS JOIN LATERAL (SELECT count(*) AS visits FROM on_site o WHERE o.leader_id = l.leader_id
                                    AND extract(MONTH FROM o.served_on) = m.month) v
                GROUP BY m.month ORDER BY m.month""");
        assertThat(months).hasSize(6);
        int short_ = 0;
        for (Map<String, Object> m : months) {
            int enough = ((Number) m.get("enough")).intValue();
            int fellShort = ((Number) m.get("short")).intValue();
            assertThat(enough).as("month %s", m.get("month")).isGreaterThan(fellShort);
            short_ += fellShort;
        }
        assertThat(short_).as("leaders who fell short over the half year").isPositive();
    }

    @Test
    void recentSigningsHavePromisesDueOnTheCalendarSomeKeptSomeKeptLateSomeBroken() {
        assertThat(first.queryForObject("""
                SELECT count(*) FROM service_promise sp
                JOIN (VALUES ('COMMISSIONER_NAMED', 1), ('SITE_SURVEY', 2), ('LAND_SUPPLY_STARTED', 3), ('PROMOTION_MEETING', 5)) k (kind, days)
                  ON k.kind = sp.kind
                WHERE sp.due_on <> working_day_add(sp.signed_on, k.days)""", Integer.class)).isZero();
        assertThat(first.queryForList("""
                SELECT DISTINCT CASE WHEN fulfilled_on <= due_on THEN 'KEPT' WHEN fulfilled_on IS NOT NULL THEN 'KEPT_LATE'
                                     WHEN due_on < %s THEN 'LATE' ELSE 'OPEN' END FROM service_promise""".formatted(LOOP_DAY), String.class))
                .contains("KEPT", "KEPT_LATE", "LATE");
        // each kept promise is kept by the earliest service of its kind on or after the signing, as logging one does
        assertThat(first.queryForObject("""
                SELECT count(*) FROM service_promise sp
                JOIN (VALUES ('SITE_SURVEY', 'SITE_VISIT'), ('LAND_SUPPLY_STARTED', 'LAND_SUPPLY'), ('PROMOTION_MEETING', 'PROMOTION_MEETING')) k (kind, service_kind)
                  ON k.kind = sp.kind
                WHERE sp.service_id IS DISTINCT FROM (SELECT s.id FROM service_record s WHERE s.project_id = sp.project_id
                                                        AND s.kind = k.service_kind AND s.served_on >= sp.signed_on
                                                      ORDER BY s.served_on, s.id LIMIT 1)""", Integer.class)).isZero();
        assertThat(first.queryForObject("SELECT count(*) FROM project WHERE stage = 'SIGNED' AND id IN (SELECT project_id FROM service_promise)",
                Integer.class)).isPositive();
    }

    @Test
    void theInboxHoldsAssignmentsReturnsAnswersEscalationsOverdueAndBrokenPromisesForUsersWhoSignIn() {
        assertThat(first.queryForList("SELECT DISTINCT kind FROM notification", String.class)).containsExactlyInAnyOrder(
                "PROBLEM_ASSIGNED", "PROBLEM_RETURNED", "PROBLEM_ANSWERED", "PROBLEM_ESCALATED", "PROBLEM_OVERDUE", "PROMISE_BROKEN");
        assertThat(first.queryForObject("""
                SELECT count(*) FROM notification n JOIN app_user u ON u.id = n.recipient_id
                WHERE u.username IS NULL OR jsonb_array_length(n.args) NOT IN (5, 6)""", Integer.class)).isZero();
        assertThat(first.queryForObject("SELECT count(*) FROM notification WHERE read_at IS NULL", Integer.class)).isPositive();
        // an assignment is told to the handlers of the department, once per step
        assertThat(first.queryForObject("""
                SELECT count(*) FROM problem_step s JOIN problem pb ON pb.id = s.problem_id
                JOIN app_user u ON u.organization_id = pb.department_id AND u.role = 'DEPARTMENT'
                WHERE s.action = 'ASSIGN' AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.recipient_id = u.id
                                                          AND n.dedup_key = 'problem:' || pb.id || ':' || s.id)""", Integer.class)).isZero();
    }
}
