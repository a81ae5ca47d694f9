package org.keyproject.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;

/** The service ledger (服务台账) through /api/v1/services: logging, scope, corrections, statistics, leaders on site. */
@IntegrationTest
class ServiceLedgerTest {

    private static final LocalDate OCT_9 = LocalDate.of(2026, 10, 9);

    @Autowired ServiceRequests api;
    @Autowired TestFixtures fixtures;

    @Test
    void eachKindIsLoggedWithTheProjectsRegionAndItsParticipantsAndAudited() throws Exception {
        County county = fixtures.county("台账");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        UserAccount leader = fixtures.user(Role.LEADER, county.region(), null);
        long project = api.project(coordinator, "台账项目" + fixtures.unique(), county.town(), leader.id(), null, commissioner.id());

        for (ServiceKind kind : ServiceKind.values()) {
            String extra = kind == ServiceKind.PARALLEL_APPROVAL
                    ? "\"permitType\": \"CONSTRUCTION_PERMIT\", \"inParallel\": true, \"outcome\": \"同步办理，3日办结\"" : "";
            JsonNode logged = api.log(commissioner, project, kind, OCT_9, extra);
            assertThat(logged.get("kind").asText()).isEqualTo(kind.name());
            assertThat(logged.get("regionId").asLong()).as("the project's region").isEqualTo(county.town().id());
            assertThat(logged.get("personId").asLong()).as("the caller by default").isEqualTo(commissioner.id());
        }
        JsonNode withLeader = api.log(commissioner, project, ServiceKind.SITE_VISIT, OCT_9,
                "\"participantIds\": [%d]".formatted(leader.id()));
        assertThat(withLeader.get("participants").get(0).get("name").asText()).isEqualTo(leader.displayName());

        JsonNode page = api.answer(api.send(get("/api/v1/services").param("projectId", String.valueOf(project)).param("size", "5"),
                coordinator, ""), 200);
        assertThat(page.get("total").asInt()).isEqualTo(ServiceKind.values().length + 1);
        assertThat(page.get("size").asInt()).isEqualTo(5);
        assertThat(page.get("items")).hasSize(5);
        JsonNode approvals = api.answer(api.send(get("/api/v1/services").param("projectId", String.valueOf(project))
                .param("kind", "PARALLEL_APPROVAL"), coordinator, ""), 200);
        assertThat(approvals.get("total").asInt()).isEqualTo(1);
        assertThat(approvals.get("items").get(0).get("permitType").asText()).isEqualTo("CONSTRUCTION_PERMIT");
        assertThat(approvals.get("items").get(0).get("inParallel").asBoolean()).isTrue();
        JsonNode byLeader = api.answer(api.send(get("/api/v1/services").param("personId", String.valueOf(leader.id())),
                coordinator, ""), 200);
        assertThat(byLeader.get("total").asInt()).as("a participant's services").isEqualTo(1);

        long id = withLeader.get("id").asLong();
        JsonNode audit = api.answer(api.send(get("/api/v1/services/{id}/audit", id), coordinator, ""), 200);
        assertThat(audit.get(0).get("action").asText()).isEqualTo("CREATE");
        assertThat(audit.get(0).get("after").toString()).contains("SITE_VISIT", "participants");
    }

    @Test
    void aServiceMissingWhatWasDoneOrItsPermitIsRefusedNamingEachFieldAndWritesNothing() throws Exception {
        County county = fixtures.county("校验");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long project = api.project(coordinator, "校验项目" + fixtures.unique(), county.region(), null, null, null);

        JsonNode refused = api.answer(api.send(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/services"),
                coordinator, "{\"projectId\": %d, \"kind\": \"PARALLEL_APPROVAL\", \"servedOn\": \"2099-01-01\"}".formatted(project)), 400);
        List<String> fields = refused.get("errors").findValues("field").stream().map(JsonNode::asText).toList();
        assertThat(fields).containsExactlyInAnyOrder("servedOn", "content", "permitType", "inParallel");
        assertThat(refused.get("errors").toString()).contains("服务日期不能晚于今天", "此项必填");
        assertThat(api.answer(api.send(get("/api/v1/services").param("projectId", String.valueOf(project)), coordinator, ""), 200)
                .get("total").asInt()).isZero();
    }

    @Test
    void aCountyUserCannotSeeAnotherCountysServicesNorLogOneOnItsProject() throws Exception {
        County mine = fixtures.county("本县");
        County other = fixtures.county("外县");
        UserAccount myCoordinator = fixtures.user(Role.COORDINATOR, mine.region(), null);
        UserAccount otherCoordinator = fixtures.user(Role.COORDINATOR, other.region(), null);
        long otherProject = api.project(otherCoordinator, "外县项目" + fixtures.unique(), other.region(), null, null, null);
        long service = api.log(otherCoordinator, otherProject, ServiceKind.CONTACT, OCT_9, "").get("id").asLong();

        api.answer(api.send(get("/api/v1/services/{id}", service), myCoordinator, ""), 404);
        api.answer(api.logging(myCoordinator, otherProject, ServiceKind.SITE_VISIT, OCT_9, ""), 404);
        api.answer(api.send(put("/api/v1/services/{id}", service), myCoordinator,
                "{\"kind\": \"CONTACT\", \"content\": \"改\", \"version\": 0}"), 404);
        api.answer(api.send(get("/api/v1/services/statistics").param("regionId", String.valueOf(other.region().id())),
                myCoordinator, ""), 404);
        api.answer(api.send(get("/api/v1/promises").param("projectId", String.valueOf(otherProject)), myCoordinator, ""), 404);
        JsonNode list = api.answer(api.send(get("/api/v1/services").param("projectId", String.valueOf(otherProject)),
                myCoordinator, ""), 200);
        assertThat(list.get("total").asInt()).isZero();
        assertThat(api.answer(api.send(get("/api/v1/services/{id}", service), otherCoordinator, ""), 200).get("id").asLong())
                .isEqualTo(service);
    }

    @Test
    void anEnterpriseMayNotLogAService() throws Exception {
        County county = fixtures.county("企业");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long project = api.project(coordinator, "企业项目" + fixtures.unique(), county.region(), null, null, null);
        long owner = api.answer(api.send(get("/api/v1/projects/{id}", project), coordinator, ""), 200).get("ownerId").asLong();
        UserAccount enterprise = fixtures.user(Role.ENTERPRISE, county.region(), owner);

        api.answer(api.logging(enterprise, project, ServiceKind.CONTACT, OCT_9, ""), 403);
    }

    @Test
    void aCorrectionNeedsTheVersionReadIsAuditedAndAStaleOneIsRefused() throws Exception {
        County county = fixtures.county("更正");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long project = api.project(coordinator, "更正项目" + fixtures.unique(), county.region(), null, null, null);
        long id = api.log(coordinator, project, ServiceKind.CONTACT, OCT_9, "").get("id").asLong();

        String body = "{\"kind\": \"ONSITE_OFFICE\", \"servedOn\": \"2026-10-10\", \"content\": \"现场办公，解决施工许可\", \"version\": 0}";
        JsonNode changed = api.answer(api.send(put("/api/v1/services/{id}", id), coordinator, body), 200);
        assertThat(changed.get("kind").asText()).isEqualTo("ONSITE_OFFICE");
        assertThat(changed.get("version").asInt()).isEqualTo(1);
        api.answer(api.send(put("/api/v1/services/{id}", id), coordinator, body), 409);

        JsonNode audit = api.answer(api.send(get("/api/v1/services/{id}/audit", id), coordinator, ""), 200);
        assertThat(audit).hasSize(2);
        JsonNode update = audit.get(0).get("action").asText().equals("UPDATE") ? audit.get(0) : audit.get(1);
        assertThat(update.get("before").get("kind").asText()).isEqualTo("CONTACT");
        assertThat(update.get("after").get("kind").asText()).isEqualTo("ONSITE_OFFICE");
    }

    @Test
    void statisticsCountEachKindPerPersonRegionAndMonthAndTheShareOfPermitsHandledInParallel() throws Exception {
        County county = fixtures.county("统计");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        long inCounty = api.project(coordinator, "县项目" + fixtures.unique(), county.region(), null, null, null);
        long inTown = api.project(coordinator, "镇项目" + fixtures.unique(), county.town(), null, null, null);
        LocalDate july = LocalDate.of(2026, 7, 15);
        LocalDate august = LocalDate.of(2026, 8, 20);
        api.log(commissioner, inCounty, ServiceKind.CONTACT, july, "");
        api.log(commissioner, inTown, ServiceKind.CONTACT, august, "");
        api.log(coordinator, inTown, ServiceKind.SITE_VISIT, august, "");
        api.log(coordinator, inTown, ServiceKind.ONSITE_OFFICE, OCT_9, "");
        api.log(coordinator, inCounty, ServiceKind.PARALLEL_APPROVAL, july, "\"permitType\": \"EIA\", \"inParallel\": true");
        api.log(coordinator, inCounty, ServiceKind.PARALLEL_APPROVAL, july, "\"permitType\": \"LAND\", \"inParallel\": true");
        api.log(coordinator, inCounty, ServiceKind.PARALLEL_APPROVAL, august,
                "\"permitType\": \"OTHER\", \"permitName\": \"取水许可\", \"inParallel\": false");
        api.log(coordinator, inCounty, ServiceKind.CONTACT, LocalDate.of(2026, 6, 30), "");

        JsonNode stats = api.answer(api.send(get("/api/v1/services/statistics").param("regionId", String.valueOf(county.region().id()))
                .param("from", "2026-07-01").param("to", "2026-10-31"), coordinator, ""), 200);

        assertThat(stats.get("total").get("total").asInt()).as("June is outside the range").isEqualTo(7);
        assertThat(stats.get("total").get("byKind").get("CONTACT").asInt()).isEqualTo(2);
        assertThat(stats.get("total").get("byKind").get("PARALLEL_APPROVAL").asInt()).isEqualTo(3);
        JsonNode approvals = stats.get("parallelApprovals");
        assertThat(approvals.get("permits").asInt()).isEqualTo(3);
        assertThat(approvals.get("inParallel").asInt()).isEqualTo(2);
        assertThat(approvals.get("sharePercent").decimalValue()).isEqualByComparingTo("66.7");

        assertThat(ServiceRequests.rows(stats.get("byPerson"))).extracting(r -> r.get("name").asText() + "=" + r.get("total").asInt())
                .containsExactly(coordinator.displayName() + "=5", commissioner.displayName() + "=2");
        assertThat(ServiceRequests.rows(stats.get("byRegion"))).extracting(r -> r.get("name").asText() + "=" + r.get("total").asInt())
                .containsExactly(county.region().name() + "=4", county.town().name() + "=3");
        assertThat(ServiceRequests.rows(stats.get("byPeriod"))).extracting(r -> r.get("name").asText() + "=" + r.get("total").asInt())
                .containsExactly("2026-07=3", "2026-08=3", "2026-10=1");

        JsonNode quarters = api.answer(api.send(get("/api/v1/services/statistics").param("regionId", String.valueOf(county.region().id()))
                .param("from", "2026-07-01").param("to", "2026-10-31").param("period", "QUARTER"), coordinator, ""), 200);
        assertThat(ServiceRequests.rows(quarters.get("byPeriod"))).extracting(r -> r.get("name").asText() + "=" + r.get("total").asInt())
                .containsExactly("2026-Q3=6", "2026-Q4=1");
    }

    @Test
    void leadersOnSiteFewerThanTwiceInTheMonthAreListedWithTheirCountWhetherTheyLoggedOrTookPart() throws Exception {
        County county = fixtures.county("领导");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount diligent = fixtures.user(Role.LEADER, county.region(), null);
        UserAccount once = fixtures.user(Role.LEADER, county.region(), null);
        UserAccount never = fixtures.user(Role.LEADER, county.region(), null);
        UserAccount noProject = fixtures.user(Role.LEADER, county.region(), null);
        long a = api.project(coordinator, "领导项目甲" + fixtures.unique(), county.region(), diligent.id(), null, null);
        long b = api.project(coordinator, "领导项目乙" + fixtures.unique(), county.town(), once.id(), null, null);
        api.project(coordinator, "领导项目丙" + fixtures.unique(), county.region(), never.id(), null, null);

        api.log(diligent, a, ServiceKind.SITE_VISIT, LocalDate.of(2026, 10, 9), "");
        api.log(coordinator, a, ServiceKind.ONSITE_OFFICE, LocalDate.of(2026, 10, 20), "\"participantIds\": [%d]".formatted(diligent.id()));
        api.log(once, b, ServiceKind.SITE_VISIT, LocalDate.of(2026, 10, 30), "");
        api.log(once, b, ServiceKind.CONTACT, LocalDate.of(2026, 10, 12), "");
        api.log(once, b, ServiceKind.SITE_VISIT, LocalDate.of(2026, 11, 2), "");
        api.log(never, b, ServiceKind.PROMOTION_MEETING, LocalDate.of(2026, 10, 12), "");

        JsonNode shortfalls = api.answer(api.send(get("/api/v1/services/leader-shortfalls")
                .param("regionId", String.valueOf(county.region().id())).param("month", "2026-10"), coordinator, ""), 200);

        assertThat(shortfalls.get("expected").asInt()).isEqualTo(2);
        List<String> leaders = ServiceRequests.rows(shortfalls.get("leaders")).stream()
                .map(l -> l.get("name").asText() + "#" + l.get("leaderId").asLong() + "=" + l.get("visits").asInt()).toList();
        assertThat(leaders).containsExactly(never.displayName() + "#" + never.id() + "=0", once.displayName() + "#" + once.id() + "=1");
        assertThat(leaders).noneMatch(l -> l.contains("#" + diligent.id() + "=") || l.contains("#" + noProject.id() + "="));
    }
}
