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
}
