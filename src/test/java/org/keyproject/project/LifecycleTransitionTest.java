package org.keyproject.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Every pair of stages, legal and illegal, through POST /api/v1/projects/{id}/transitions. */
@IntegrationTest
class LifecycleTransitionTest {

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired ObjectMapper json;
    @Autowired JdbcClient jdbc;

    static Stream<Arguments> everyPairOfStages() {
        return Stream.of(Stage.values()).flatMap(from -> Stream.of(Stage.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("everyPairOfStages")
    void onlyLegalTransitionsAreAcceptedAndEachIsDatedWithWhoMadeIt(Stage from, Stage to) throws Exception {
        County county = fixtures.county("阶段");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("阶段项目" + from + to, county.region(), "3000", from);
        String body = "{\"to\": \"%s\", \"note\": \"测试\"}".formatted(to);
        var result = http.perform(post("/api/v1/projects/{id}/transitions", p.id()).with(ProjectApiTest.basic(coordinator))
                .contentType(MediaType.APPLICATION_JSON).content(body));
        String stageNow = jdbc.sql("SELECT stage FROM project WHERE id = ?").param(p.id()).query(String.class).single();
        if (from.canMoveTo(to)) {
            result.andExpect(status().isOk()).andExpect(jsonPath("$.stage").value(to.name()));
            assertThat(stageNow).isEqualTo(to.name());
            JsonNode history = json.readTree(http.perform(get("/api/v1/projects/{id}/stages", p.id())
                    .with(ProjectApiTest.basic(coordinator))).andReturn().getResponse().getContentAsString());
            JsonNode last = history.get(history.size() - 1);
            assertThat(last.get("fromStage").asText()).isEqualTo(from.name());
            assertThat(last.get("toStage").asText()).isEqualTo(to.name());
            assertThat(last.get("recordedByName").asText()).isEqualTo(coordinator.displayName());
            assertThat(last.get("effectiveOn").asText()).isEqualTo(LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
        } else {
            result.andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("to"));
            assertThat(stageNow).isEqualTo(from.name());
        }
    }

    @Test
    void startingConstructionSetsTheActualStartDateToTheEffectiveDay() throws Exception {
        County county = fixtures.county("开工");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("开工项目", county.region(), "3000", Stage.PREPARATION);
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        http.perform(post("/api/v1/projects/{id}/transitions", p.id()).with(ProjectApiTest.basic(coordinator))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"to\": \"CONSTRUCTION\", \"effectiveOn\": \"%s\"}".formatted(day)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.actualStartDate").value(day.toString()));
    }

    @Test
    void aTransitionDatedInTheFutureOrBeforeThePreviousOneIsRefused() throws Exception {
        County county = fixtures.county("日期");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("日期项目", county.region(), "3000", Stage.RESERVE);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        for (LocalDate bad : List.of(today.plusDays(1), today.minusDays(1))) {
            http.perform(post("/api/v1/projects/{id}/transitions", p.id()).with(ProjectApiTest.basic(coordinator))
                            .contentType(MediaType.APPLICATION_JSON).content("{\"to\": \"SIGNED\", \"effectiveOn\": \"%s\"}".formatted(bad)))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("effectiveOn"));
        }
    }

    @Test
    void illegalTransitionIsExplainedInTheUsersLanguage() throws Exception {
        County county = fixtures.county("说明");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails p = fixtures.project("说明项目", county.region(), "3000", Stage.RESERVE);
        http.perform(post("/api/v1/projects/{id}/transitions", p.id()).with(ProjectApiTest.basic(coordinator))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"to\": \"COMPLETED\"}"))
                .andExpect(jsonPath("$.errors[0].message").value("项目不能从“谋划储备”转为“竣工投产”"));
    }
}
