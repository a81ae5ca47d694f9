package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.Category;
import org.keyproject.project.ListEntryForm;
import org.keyproject.project.ListLevel;
import org.keyproject.project.Nature;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectForm;
import org.keyproject.project.Projects;
import org.keyproject.project.Stage;
import org.keyproject.project.YearTarget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The indicator caches are exact: whatever changes what month_facts reads makes the builds of the
 * months it touches stale, also a change that commits while a build is running, and the next reader
 * gets the figures as they now are.
 */
@IntegrationTest
class IndicatorCacheTest {

    /** A year of its own, so that other tests' months are not this test's concern. */
    private static final int YEAR = 2031;

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;
    @Autowired Projects projects;
    @Autowired JdbcClient jdbc;
    @Autowired IndicatorCache cache;
    @Autowired DataSource dataSource;

    TestFixtures.County county;
    UserAccount coordinator;

    @BeforeEach
    void setUp() {
        county = fixtures.county("缓存");
        coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
    }

    @Test
    void aSubmittedReportShowsInTheNextReadingOfTheFiguresAndOfTheMonthsAfterIt() throws Exception {
        ProjectDetails first = listed("一号", Category.INDUSTRIAL);
        ProjectDetails second = listed("二号", Category.INDUSTRIAL);
        long may = period(5);
        report(may, first.id(), "100");
        assertThat(figures("05").get("completed").decimalValue()).isEqualByComparingTo("100");
        assertThat(figures("07").get("completed").decimalValue()).isEqualByComparingTo("100"); // carried forward
        long built = cacheId("SUMMARY", 5);

        report(may, second.id(), "40");

        assertThat(figures("05").get("completed").decimalValue()).isEqualByComparingTo("140");
        assertThat(figures("07").get("completed").decimalValue()).isEqualByComparingTo("140");
        assertThat(cacheId("SUMMARY", 5)).as("built again").isNotEqualTo(built);
    }

    @Test
    void aReportOfJuneLeavesTheBuildOfMayCurrent() throws Exception {
        ProjectDetails project = listed("六月", Category.INDUSTRIAL);
        long june = period(6);
        figures("05");
        figures("06");
        long may = cacheId("SUMMARY", 5);

        report(june, project.id(), "70");

        assertThat(figures("06").get("completed").decimalValue()).isEqualByComparingTo("70");
        assertThat(figures("05").get("completed").decimalValue()).isEqualByComparingTo("0");
        assertThat(cacheId("SUMMARY", 5)).isEqualTo(may);
    }

    @Test
    void aChangeOfTheLibraryShowsInTheBreakdownsAndInTheProjectsBehindAFigure() throws Exception {
        ProjectDetails project = listed("改类", Category.INDUSTRIAL);
        assertThat(category("04", "INDUSTRIAL")).isEqualTo(1);
        assertThat(projectsBehind("04", "INFRASTRUCTURE")).isZero();

        jdbc.sql("UPDATE project SET category = 'INFRASTRUCTURE' WHERE id = ?").param(project.id()).update();

        assertThat(category("04", "INDUSTRIAL")).isZero();
        assertThat(category("04", "INFRASTRUCTURE")).isEqualTo(1);
        assertThat(projectsBehind("04", "INFRASTRUCTURE")).isEqualTo(1);
    }

    @Test
    void aMonthWhoseFactsAreKeptIsSummedFromThemAsOfTheirSnapshot() throws Exception {
        ProjectDetails first = listed("明细", Category.INDUSTRIAL);
        listed("另一", Category.INFRASTRUCTURE);
        long october = period(10);
        report(october, first.id(), "300");
        assertThat(projectsBehind("10", "INDUSTRIAL")).isEqualTo(1); // keeps October's facts

        jdbc.sql("UPDATE project SET category = 'SOCIAL' WHERE id = ?").param(first.id()).update();

        assertThat(category("10", "SOCIAL")).isEqualTo(1);
        assertThat(figures("10").get("completed").decimalValue()).isEqualByComparingTo("300");
        assertThat(jdbc.sql("""
                SELECT s.seen::text = f.seen::text FROM indicator_cache s JOIN indicator_cache f
                  ON f.kind = 'FACTS' AND f.year = s.year AND f.month = s.month AND f.revised = s.revised
                WHERE s.kind = 'SUMMARY' AND s.year = ? AND s.month = 10 AND NOT s.revised""").param(YEAR)
                .query(Boolean.class).single()).as("the summary has the facts' snapshot").isTrue();
    }

    @Test
    void aChangeCommittedWhileAMonthIsBeingBuiltMakesThatBuildStale() throws Exception {
        ProjectDetails project = listed("并发", Category.INDUSTRIAL);
        YearMonth march = YearMonth.of(YEAR, 3);
        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (var update = writer.prepareStatement("UPDATE project SET category = 'SOCIAL' WHERE id = ?")) {
                update.setLong(1, project.id());
                update.executeUpdate();
            }
            cache.build(IndicatorCache.Kind.SUMMARY, march, false); // does not see the uncommitted change
            assertThat(cache.stale(YEAR)).noneMatch(s -> s.month().equals(march));
            writer.commit();
        }

        assertThat(cache.stale(YEAR)).anyMatch(s -> s.month().equals(march) && s.kind() == IndicatorCache.Kind.SUMMARY);
        assertThat(category("03", "SOCIAL")).isEqualTo(1);
        assertThat(category("03", "INDUSTRIAL")).isZero();
    }

    @Test
    void pruningForgetsTheChangesEveryBuildHasSeenAndKeepsTheOthers() throws Exception {
        ProjectDetails project = listed("清理", Category.INDUSTRIAL);
        figures("08");
        jdbc.sql("UPDATE project SET total_investment = 4000 WHERE id = ?").param(project.id()).update();
        cache.prune();
        assertThat(changes()).as("the August build has not seen the change yet").isPositive();

        figures("08"); // builds August again
        cache.stale(YEAR).forEach(s -> cache.build(s.kind(), s.month(), s.revised())); // and whatever else went stale
        cache.prune();

        assertThat(changes()).isZero();
        assertThat(figures("08").get("totalInvestment").decimalValue()).isEqualByComparingTo("4000");
    }

    @Test
    void twoReadersOfAStaleMonthBuildItOnceBetweenThem() throws Exception {
        ProjectDetails project = listed("同时", Category.INDUSTRIAL);
        YearMonth september = YearMonth.of(YEAR, 9);
        figures("09");
        jdbc.sql("UPDATE project SET total_investment = 5000 WHERE id = ?").param(project.id()).update();
        CyclicBarrier start = new CyclicBarrier(2);
        Runnable reader = () -> {
            try {
                start.await(10, TimeUnit.SECONDS);
                cache.ready(IndicatorCache.Kind.SUMMARY, List.of(september), false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        CompletableFuture.allOf(CompletableFuture.runAsync(reader), CompletableFuture.runAsync(reader)).get(60, TimeUnit.SECONDS);

        assertThat(jdbc.sql("SELECT count(*) FROM indicator_cache WHERE kind = 'SUMMARY' AND year = ? AND month = 9 AND NOT revised")
                .param(YEAR).query(Long.class).single()).isEqualTo(1);
        assertThat(cache.stale(YEAR)).noneMatch(s -> s.month().equals(september));
    }

    // ---- helpers ----

    private ProjectDetails listed(String name, Category category) {
        ProjectForm f = fixtures.form(name + fixtures.unique(), county.town(), "3000");
        ProjectDetails project = projects.create(new ProjectForm(null, f.name(), null, f.ownerName(), f.regionId(), null, null,
                null, null, Nature.NEW, category, false, null, f.totalInvestment(), null, null, null, null, null, null, null,
                null, null, Stage.CONSTRUCTION, LocalDate.of(YEAR, 1, 5), null), fixtures.admin());
        long list = projects.listFor(YEAR, ListLevel.COUNTY, county.region().id(), fixtures.admin()).id();
        projects.putOnList(project.id(), new ListEntryForm(list, new BigDecimal("1000"), YearTarget.CONTINUE, null), fixtures.admin());
        return project;
    }

    private long period(int month) throws Exception {
        return read(send(post("/api/v1/periods"), "{\"year\": %d, \"cadence\": \"MONTHLY\", \"month\": %d}".formatted(YEAR, month), 201))
                .get("id").asLong();
    }

    private void report(long period, long project, String ytd) throws Exception {
        send(put("/api/v1/periods/{id}/reports/{p}", period, project), "{\"ytdAmount\": " + ytd + "}", 200);
        send(post("/api/v1/periods/{id}/reports/{p}/submit", period, project), "", 200);
    }

    private long cacheId(String kind, int month) {
        return jdbc.sql("SELECT id FROM indicator_cache WHERE kind = ? AND year = ? AND month = ? AND NOT revised")
                .params(kind, YEAR, month).query(Long.class).single();
    }

    private long changes() {
        return jdbc.sql("SELECT count(*) FROM indicator_change WHERE year = ?").param(YEAR).query(Long.class).single();
    }

    private long category(String month, String key) throws Exception {
        for (JsonNode c : indicators(month).get("breakdowns").get("category")) {
            if (c.get("key").asText().equals(key)) {
                return c.get("figures").get("listed").asLong();
            }
        }
        return 0;
    }

    private long projectsBehind(String month, String category) throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/indicators/projects?regionId=%d&year=%d&period=%d-%s&listLevel=COUNTY&figure=listed&dimension=category&key=%s"
                        .formatted(county.region().id(), YEAR, YEAR, month, category))
                .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        return json.readTree(body).get("total").asLong();
    }

    private JsonNode figures(String month) throws Exception {
        return indicators(month).get("figures");
    }

    private JsonNode indicators(String month) throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/indicators?regionId=%d&year=%d&period=%d-%s&listLevel=COUNTY"
                        .formatted(county.region().id(), YEAR, YEAR, month))
                .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        return json.readTree(body);
    }

    private MvcResult send(MockHttpServletRequestBuilder request, String body, int status) throws Exception {
        MvcResult result = mvc.perform(request.with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(status);
        return result;
    }

    private JsonNode read(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
