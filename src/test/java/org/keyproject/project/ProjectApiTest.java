package org.keyproject.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class ProjectApiTest {

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired ObjectMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired Projects projects;

    @Test
    void coordinatorCreatesAProjectWithExactMoneyAndDerivedTier() throws Exception {
        County county = fixtures.county("创建");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        String body = """
                {"name": "年产10万吨碳纤维项目", "ownerName": "创建测试新材料有限公司%s", "regionId": %d,
                 "nature": "NEW", "category": "INDUSTRIAL", "manufacturing": true, "totalInvestment": 23517.1234,
                 "plannedStartDate": "2026-03-01", "plannedCompletionDate": "2027-12-31"}
                """.formatted(fixtures.unique(), county.town().id());
        String created = http.perform(post("/api/v1/projects").with(basic(coordinator))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.tier").value("COUNTY"))
                .andExpect(jsonPath("$.stage").value("RESERVE"))
                .andReturn().getResponse().getContentAsString();
        long id = json.readTree(created).get("id").asLong();
        BigDecimal stored = jdbc.sql("SELECT total_investment FROM project WHERE id = ?").param(id).query(BigDecimal.class).single();
        assertThat(stored).isEqualByComparingTo("23517.1234");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE entity_type = 'project' AND entity_id = ? AND action = 'CREATE' AND actor_name = ?")
                .param(id).param(coordinator.displayName()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void projectBelowFiveMillionYuanIsRefusedNamingTheField() throws Exception {
        County county = fixtures.county("门槛");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        String body = """
                {"name": "小项目", "ownerName": "某公司%s", "regionId": %d, "nature": "NEW", "category": "SOCIAL",
                 "totalInvestment": 499.9999}
                """.formatted(fixtures.unique(), county.region().id());
        http.perform(post("/api/v1/projects").with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("totalInvestment"))
                .andExpect(jsonPath("$.errors[0].message").value("总投资须不低于500万元才能纳入重点项目库"));
    }

    @Test
    void badValueInJsonNamesTheFieldInEnglishWhenAsked() throws Exception {
        County county = fixtures.county("格式");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        String body = """
                {"name": "项目", "ownerName": "某公司", "regionId": %d, "nature": "OLD", "category": "SOCIAL", "totalInvestment": 800}
                """.formatted(county.region().id());
        http.perform(post("/api/v1/projects").with(basic(coordinator)).header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("nature"))
                .andExpect(jsonPath("$.errors[0].message").value("The value \"OLD\" is not valid for Nature"));
    }

    @Test
    void countyUserGetsNotFoundForAnotherCountysProjectAndNeverSeesItInListsOrSearch() throws Exception {
        County mine = fixtures.county("本县");
        County other = fixtures.county("邻县");
        String tag = fixtures.unique();
        long own = fixtures.project("本县项目" + tag, mine.town(), "1200").id();
        long foreign = fixtures.project("邻县项目" + tag, other.town(), "1300").id();
        UserAccount countyUser = fixtures.user(Role.COORDINATOR, mine.region(), null);

        http.perform(get("/api/v1/projects/{id}", foreign).with(basic(countyUser))).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        http.perform(get("/api/v1/projects/{id}", own).with(basic(countyUser))).andExpect(status().isOk());

        JsonNode search = read(http.perform(get("/api/v1/projects").param("q", tag).with(basic(countyUser))));
        assertThat(search.get("total").asLong()).isEqualTo(1);
        assertThat(search.get("items").get(0).get("id").asLong()).isEqualTo(own);

        JsonNode byRegion = read(http.perform(get("/api/v1/projects").param("regionId", String.valueOf(other.region().id()))
                .with(basic(countyUser))));
        assertThat(byRegion.get("total").asLong()).isZero();

        String update = """
                {"name": "改名", "ownerName": "x", "regionId": %d, "nature": "NEW", "category": "SOCIAL", "totalInvestment": 900, "version": 0}
                """.formatted(other.region().id());
        http.perform(put("/api/v1/projects/{id}", foreign).with(basic(countyUser)).contentType(MediaType.APPLICATION_JSON).content(update))
                .andExpect(status().isNotFound());
        http.perform(post("/api/v1/projects/{id}/transitions", foreign).with(basic(countyUser))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"to\": \"SIGNED\"}"))
                .andExpect(status().isNotFound());
        http.perform(get("/api/v1/projects/{id}/audit", foreign).with(basic(countyUser))).andExpect(status().isNotFound());
    }

    @Test
    void countyUserCannotCreateAProjectInAnotherCounty() throws Exception {
        County mine = fixtures.county("建本");
        County other = fixtures.county("建邻");
        UserAccount countyUser = fixtures.user(Role.COORDINATOR, mine.region(), null);
        String body = """
                {"name": "越界项目", "ownerName": "某公司%s", "regionId": %d, "nature": "NEW", "category": "SOCIAL", "totalInvestment": 800}
                """.formatted(fixtures.unique(), other.region().id());
        http.perform(post("/api/v1/projects").with(basic(countyUser)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("regionId"));
    }

    @Test
    void enterpriseSeesOnlyItsOwnProjectsAndCommissionerSeesAssignedOnesOutsideItsRegion() throws Exception {
        County county = fixtures.county("企业");
        County elsewhere = fixtures.county("别处");
        String tag = fixtures.unique();
        long ownerId = fixtures.enterprise("企业自有", county.region());
        ProjectForm f = fixtures.form("企业自有项目" + tag, county.region(), "800");
        ProjectDetails owned = fixtures.projectWithOwner(f, ownerId);
        fixtures.project("同县他人项目" + tag, county.region(), "900");
        UserAccount enterprise = fixtures.user(Role.ENTERPRISE, county.region(), ownerId);

        JsonNode list = read(http.perform(get("/api/v1/projects").param("q", tag).with(basic(enterprise))));
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("items").get(0).get("id").asLong()).isEqualTo(owned.id());

        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, elsewhere.region(), null);
        ProjectDetails assigned = fixtures.projectAssignedTo("专员负责项目" + tag, county.region(), commissioner.id());
        http.perform(get("/api/v1/projects/{id}", assigned.id()).with(basic(commissioner))).andExpect(status().isOk());
        http.perform(get("/api/v1/projects/{id}", owned.id()).with(basic(commissioner))).andExpect(status().isNotFound());
    }

    @Test
    void staleUpdateIsAnsweredWithConflictAndWritesNothing() throws Exception {
        County county = fixtures.county("并发");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("并发编辑项目", county.region(), "2000");
        String first = updateBody(p, "第一次修改", p.version());
        http.perform(put("/api/v1/projects/{id}", p.id()).with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON).content(first))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("第一次修改"))
                .andExpect(jsonPath("$.version").value(p.version() + 1));
        String stale = updateBody(p, "基于旧版本的修改", p.version());
        http.perform(put("/api/v1/projects/{id}", p.id()).with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON).content(stale))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.currentVersion").value(p.version() + 1));
        assertThat(jdbc.sql("SELECT name FROM project WHERE id = ?").param(p.id()).query(String.class).single()).isEqualTo("第一次修改");
    }

    @Test
    void updateByIfMatchHeaderIsCheckedLikeTheBodyVersion() throws Exception {
        County county = fixtures.county("标签");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("ETag项目", county.region(), "2000");
        String noVersion = updateBody(p, "用ETag修改", null);
        http.perform(put("/api/v1/projects/{id}", p.id()).with(basic(coordinator)).header("If-Match", "\"" + p.version() + "\"")
                        .contentType(MediaType.APPLICATION_JSON).content(noVersion))
                .andExpect(status().isOk()).andExpect(header().string("ETag", "\"" + (p.version() + 1) + "\""));
        http.perform(put("/api/v1/projects/{id}", p.id()).with(basic(coordinator)).header("If-Match", "\"" + p.version() + "\"")
                        .contentType(MediaType.APPLICATION_JSON).content(noVersion))
                .andExpect(status().isConflict());
    }

    @Test
    void updateIsAuditedWithBeforeAndAfterValues() throws Exception {
        County county = fixtures.county("审计");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("审计前名称", county.region(), "2000");
        http.perform(put("/api/v1/projects/{id}", p.id()).with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON)
                        .content(updateBody(p, "审计后名称", p.version())))
                .andExpect(status().isOk());
        JsonNode trail = read(http.perform(get("/api/v1/projects/{id}/audit", p.id()).with(basic(coordinator))));
        JsonNode update = trail.get(0);
        assertThat(update.get("action").asText()).isEqualTo("UPDATE");
        assertThat(update.get("actorName").asText()).isEqualTo(coordinator.displayName());
        assertThat(update.get("before").get("name").asText()).isEqualTo("审计前名称");
        assertThat(update.get("after").get("name").asText()).isEqualTo("审计后名称");
        assertThat(update.get("after").has("total_investment")).isFalse();
    }

    @Test
    void observerMayReadButNotChange() throws Exception {
        County county = fixtures.county("观察");
        UserAccount observer = fixtures.user(Role.OBSERVER, county.region(), null);
        ProjectDetails p = fixtures.project("观察项目", county.region(), "2000");
        http.perform(get("/api/v1/projects/{id}", p.id()).with(basic(observer))).andExpect(status().isOk());
        http.perform(put("/api/v1/projects/{id}", p.id()).with(basic(observer)).contentType(MediaType.APPLICATION_JSON)
                        .content(updateBody(p, "不许改", p.version())))
                .andExpect(status().isForbidden());
    }

    @Test
    void listIsPagedWithTotalAndFiltersByStageTierAndInvestmentRange() throws Exception {
        County county = fixtures.county("筛选");
        String tag = fixtures.unique();
        fixtures.project("大项目" + tag, county.region(), "60000");
        fixtures.project("中项目" + tag, county.region(), "20000");
        for (int i = 0; i < 3; i++) {
            fixtures.project("小项目" + i + tag, county.region(), "800");
        }
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        JsonNode page = read(http.perform(get("/api/v1/projects").param("q", tag).param("size", "2").param("page", "1")
                .param("sort", "investment").param("dir", "asc").with(basic(coordinator))));
        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("name").asText()).startsWith("小项目");
        assertThat(read(http.perform(get("/api/v1/projects").param("q", tag).param("tier", "CITY").with(basic(coordinator))))
                .get("total").asLong()).isEqualTo(1);
        assertThat(read(http.perform(get("/api/v1/projects").param("q", tag).param("minInvestment", "10000")
                .param("maxInvestment", "50000").with(basic(coordinator)))).get("total").asLong()).isEqualTo(1);
        assertThat(read(http.perform(get("/api/v1/projects").param("q", tag).param("stage", "RESERVE", "SIGNED")
                .with(basic(coordinator)))).get("total").asLong()).isEqualTo(5);
    }

    @Test
    void annualListEntryCarriesPlannedInvestmentAndTargetWithOrWithoutAStartMonthAndFiltersTheList() throws Exception {
        County county = fixtures.county("清单");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("上清单项目" + fixtures.unique(), county.region(), "30000");
        String list = http.perform(post("/api/v1/annual-lists").with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"year\": 2031, \"level\": \"COUNTY\", \"regionId\": %d}".formatted(county.region().id())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long listId = json.readTree(list).get("id").asLong();
        http.perform(post("/api/v1/projects/{id}/list-entries", p.id()).with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"listId\": %d, \"plannedInvestment\": 12000.5, \"target\": \"START\"}".formatted(listId)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.target").value("START")).andExpect(jsonPath("$.plannedStartMonth").isEmpty());
        http.perform(post("/api/v1/projects/{id}/list-entries", p.id()).with(basic(coordinator)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"listId\": %d, \"plannedInvestment\": 12000.5, \"target\": \"START\", \"plannedStartMonth\": 5}".formatted(listId)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.year").value(2031)).andExpect(jsonPath("$.plannedInvestment").value(12000.5));
        JsonNode filtered = read(http.perform(get("/api/v1/projects").param("listYear", "2031").param("regionId",
                String.valueOf(county.region().id())).with(basic(coordinator))));
        assertThat(filtered.get("total").asLong()).isEqualTo(1);
        JsonNode trail = read(http.perform(get("/api/v1/projects/{id}/audit", p.id()).with(basic(coordinator))));
        assertThat(trail.get(0).get("action").asText()).isEqualTo("LIST_ENTRY_UPDATE");
        assertThat(trail.get(1).get("action").asText()).isEqualTo("LIST_ENTRY_ADD");
    }

    @Test
    void listAndStartEventCountsIncludeOnlyProjectsInTheCallersScope() throws Exception {
        County mine = fixtures.county("计数本");
        County other = fixtures.county("计数邻");
        UserAccount countyUser = fixtures.user(Role.COORDINATOR, mine.region(), null);
        ProjectDetails own = fixtures.project("本县清单项目", mine.region(), "3000");
        ProjectDetails foreign = fixtures.project("邻县清单项目", other.region(), "4000");
        var admin = fixtures.admin();
        AnnualList list = projects.createList(2033, ListLevel.CITY, mine.region().id(), 1, null, null, admin);
        for (ProjectDetails p : java.util.List.of(own, foreign)) {
            projects.putOnList(p.id(), new ListEntryForm(list.id(), new BigDecimal("100"), YearTarget.CONTINUE, null), admin);
        }
        StartBatch batch = projects.createStartBatch("集中开工" + fixtures.unique(), java.time.LocalDate.of(2033, 3, 1),
                mine.region().id(), java.util.List.of(own.id(), foreign.id()), admin);
        JsonNode lists = read(http.perform(get("/api/v1/annual-lists").param("year", "2033").with(basic(countyUser))));
        JsonNode mineList = java.util.stream.StreamSupport.stream(lists.spliterator(), false)
                .filter(l -> l.get("id").asLong() == list.id()).findFirst().orElseThrow();
        assertThat(mineList.get("projects").asLong()).isEqualTo(1);
        JsonNode batches = read(http.perform(get("/api/v1/start-batches").with(basic(countyUser))));
        JsonNode mineBatch = java.util.stream.StreamSupport.stream(batches.spliterator(), false)
                .filter(b -> b.get("id").asLong() == batch.id()).findFirst().orElseThrow();
        assertThat(mineBatch.get("projects").asLong()).isEqualTo(1);
        assertThat(mineBatch.get("totalInvestment").decimalValue()).isEqualByComparingTo("3000");
        assertThat(batch.projects()).isEqualTo(2);
    }

    @Test
    void unauthenticatedApiCallGetsProblemDetails() throws Exception {
        http.perform(get("/api/v1/projects"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
    }

    private String updateBody(ProjectDetails p, String name, Integer version) throws Exception {
        return json.writeValueAsString(p.toForm().withName(name).withOwner(p.ownerId()).withVersion(version));
    }

    private JsonNode read(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return json.readTree(result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    static org.springframework.test.web.servlet.request.RequestPostProcessor basic(UserAccount user) {
        return httpBasic(user.username(), TestFixtures.PASSWORD);
    }
}
