package org.keyproject.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.dispatch.DispatchRequests;
import org.keyproject.ledger.Workbooks;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.problem.ProblemLoop.Cast;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Stage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;

/**
 * The working mornings of the loop (overdue notices, the direct line) and the candidates from progress
 * reports. Days are in April 2026: 4–6 April are the 清明节 holiday.
 */
@IntegrationTest
class ProblemAlertsTest {

    @Autowired ProblemLoop loop;
    @Autowired ProblemAlerts alerts;
    @Autowired DispatchRequests http;
    @Autowired TestFixtures fixtures;
    @Autowired WorkingDays workingDays;

    @Test
    void overdueNoticesComeOncePerWorkingDayAndCountWorkingDaysAcrossTheQingmingHoliday() throws Exception {
        Cast c = loop.cast("逾期");
        long id = loop.inState(c, ProblemState.IN_PROGRESS);
        loop.deadline(id, "2026-04-02");

        alerts.run(LocalDate.of(2026, 4, 2));
        assertThat(loop.inbox(c.handlerA(), "PROBLEM_OVERDUE")).as("due today is not overdue").isEmpty();
        alerts.run(LocalDate.of(2026, 4, 3));
        alerts.run(LocalDate.of(2026, 4, 3));
        assertThat(alerts.run(LocalDate.of(2026, 4, 4)).overdueNotices()).as("Saturday").isZero();
        assertThat(alerts.run(LocalDate.of(2026, 4, 6)).overdueNotices()).as("清明节 Monday").isZero();
        alerts.run(LocalDate.of(2026, 4, 7));

        for (UserAccount told : List.of(c.handlerA(), c.coordinator())) {
            assertThat(loop.inbox(told, "PROBLEM_OVERDUE")).as(told.username()).extracting(n -> n.get("body").asText())
                    .containsExactly(
                            "项目“%s”的问题“用地指标未落实”（责任单位 %s）已超过办结时限 2026-04-02，逾期 2 个工作日，请尽快办结。"
                                    .formatted(c.project().name(), loop.problem(id, c.coordinator()).get("departmentName").asText()),
                            "项目“%s”的问题“用地指标未落实”（责任单位 %s）已超过办结时限 2026-04-02，逾期 1 个工作日，请尽快办结。"
                                    .formatted(c.project().name(), loop.problem(id, c.coordinator()).get("departmentName").asText()));
        }
        assertThat(loop.inbox(c.handlerB(), "PROBLEM_OVERDUE")).isEmpty();
        assertThat(loop.inbox(c.leader(), "PROBLEM_ESCALATED")).as("2 working days: not yet the direct line").isEmpty();
        assertThat(loop.listed(c.coordinator(), "overdue=true&projectId=" + c.project().id())).containsExactly(id);
        assertThat(loop.problem(id, c.coordinator()).get("overdue").asInt()).isPositive();
    }

    @Test
    void theOverdueFilterAgreesWithTheWorkingDaysOverdueOnEitherSideOfTheLastWorkingDay() throws Exception {
        Cast c = loop.cast("逾期筛选");
        LocalDate lastWorkingDay = ProblemQueries.today();
        while (!workingDays.isWorkingDay(lastWorkingDay)) {
            lastWorkingDay = lastWorkingDay.minusDays(1);
        }
        long dueThen = loop.inState(c, ProblemState.ASSIGNED);
        long dueTheDayBefore = loop.inState(c, ProblemState.IN_PROGRESS);
        long answered = loop.inState(c, ProblemState.ANSWERED);
        loop.deadline(dueThen, lastWorkingDay.toString());
        loop.deadline(dueTheDayBefore, lastWorkingDay.minusDays(1).toString());
        loop.deadline(answered, lastWorkingDay.minusDays(10).toString());

        String project = "&projectId=" + c.project().id();
        assertThat(loop.listed(c.coordinator(), "overdue=true" + project)).containsExactly(dueTheDayBefore);
        assertThat(loop.listed(c.coordinator(), "overdue=false" + project)).containsExactlyInAnyOrder(dueThen, answered);
        assertThat(loop.problem(dueTheDayBefore, c.coordinator()).get("overdue").asInt()).isPositive();
        assertThat(loop.problem(dueThen, c.coordinator()).get("overdue").asInt()).isZero();
    }

    @Test
    void anOverdueProblemEscalatesToTheProjectsLeaderOnceWhenTwoNodesRunTheMorningTogether() throws Exception {
        Cast c = loop.cast("直通车并发");
        loop.leader(c.project(), c.leader());
        UserAccount regionLeader = fixtures.user(Role.LEADER, c.county().region(), null);
        long id = loop.inState(c, ProblemState.ASSIGNED);
        loop.deadline(id, "2026-04-01");
        LocalDate day = LocalDate.of(2026, 4, 9); // 5 working days after the deadline, 清明节 between

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<ProblemAlerts.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(nodes.submit(() -> {
                    start.await();
                    return alerts.run(day);
                }));
            }
            start.countDown();
            for (Future<ProblemAlerts.Outcome> run : runs) {
                run.get();
            }
        } finally {
            nodes.shutdown();
        }
        alerts.run(day.plusDays(1));

        assertThat(loop.steps(id)).filteredOn("ESCALATE"::equals).hasSize(1);
        assertThat(loop.inbox(c.leader(), "PROBLEM_ESCALATED")).singleElement()
                .satisfies(n -> assertThat(n.get("body").asText()).contains("已逾期 5 个工作日"));
        assertThat(loop.inbox(regionLeader, "PROBLEM_ESCALATED")).as("the project has its own leader").isEmpty();
        assertThat(loop.problem(id, c.coordinator()).get("escalatedAt").isNull()).isFalse();
    }

    @Test
    void aDirectLineProblemGoesToTheRegionsLeaderAtOnceWhenTheProjectHasNoneAndOnlyOnce() throws Exception {
        Cast c = loop.cast("直通车");
        JsonNode raised = loop.raise(c, "FUNDING", true);
        long id = raised.get("id").asLong();
        assertThat(raised.get("escalatedAt").isNull()).isFalse();
        alerts.run(LocalDate.of(2026, 4, 9));

        assertThat(loop.inbox(c.leader(), "PROBLEM_ESCALATED")).singleElement()
                .satisfies(n -> assertThat(n.get("subject").asText()).isEqualTo("问题直通车：用地指标未落实"));
        assertThat(loop.steps(id)).containsExactly("RAISE", "ESCALATE");
    }

    @Test
    void aSubmittedReportWithProblemsTextBecomesOneCandidateTheCoordinatorConfirms() throws Exception {
        Reporting r = reporting("存在问题");
        http.read(http.send(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                "/api/v1/periods/{id}/reports/{p}", r.period, r.project.id()), r.owner,
                "{\"periodAmount\": 20, \"problemsText\": \"  用地指标未落实\\n需协调自然资源局\"}"));
        assertThat(loop.listed(r.coordinator, "projectId=" + r.project.id())).as("a draft is not submitted").isEmpty();
        http.read(http.send(post("/api/v1/periods/{id}/reports/{p}/submit", r.period, r.project.id()), r.owner, ""));

        List<Long> candidates = loop.listed(r.coordinator, "candidate=true&projectId=" + r.project.id());
        assertThat(candidates).hasSize(1);
        JsonNode candidate = loop.problem(candidates.get(0), r.coordinator);
        assertThat(candidate.get("title").asText()).isEqualTo("用地指标未落实");
        assertThat(candidate.get("description").asText()).isEqualTo("用地指标未落实\n需协调自然资源局");
        assertThat(candidate.get("source").asText()).isEqualTo("REPORT");
        assertThat(candidate.get("raisedBy").asLong()).isEqualTo(r.owner.id());

        alerts.run(LocalDate.of(2026, 11, 2));
        assertThat(loop.listed(r.coordinator, "projectId=" + r.project.id())).as("the morning sweep adds none").hasSize(1);
        long department = loop.department("发改局", fixtures.county("候选部门"));
        JsonNode confirmed = loop.act(r.coordinator, candidates.get(0), "ASSIGN",
                "\"departmentId\": %d, \"category\": \"LAND\"".formatted(department));
        assertThat(confirmed.get("candidate").asBoolean()).isFalse();
        assertThat(confirmed.get("category").asText()).isEqualTo("LAND");
    }

    @Test
    void theProblemsColumnOfAnImportedDispatchSheetBecomesCandidatesOnce() throws Exception {
        Reporting r = reporting("调度表问题");
        byte[] sheet = Workbooks.xlsx(s -> s.row("项目编码", "项目名称", "建设单位", "本月完成投资（万元）", "存在问题")
                .row(r.project.code(), r.project.name(), r.project.ownerName(), 30, "拆迁未完成"));
        for (int i = 0; i < 2; i++) {
            http.read(http.send(multipart("/api/v1/imports/dispatch").file(new MockMultipartFile("file", "调度表.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sheet)).param("period", "2026-10"),
                    r.coordinator, ""));
        }

        List<Long> candidates = loop.listed(r.coordinator, "candidate=true&projectId=" + r.project.id());
        assertThat(candidates).hasSize(1);
        assertThat(loop.problem(candidates.get(0), r.coordinator).get("title").asText()).isEqualTo("拆迁未完成");
    }

    private record Reporting(UserAccount coordinator, UserAccount owner, ProjectDetails project, long period) {
    }

    /** A county with October 2026's period open and a listed project whose owner reports. */
    private Reporting reporting(String name) throws Exception {
        TestFixtures.County county = fixtures.county(name);
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long owner = fixtures.enterprise(name, county.region());
        UserAccount ownerUser = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        ProjectDetails project = fixtures.projectWithOwner(fixtures.form(name + "项目" + fixtures.unique(), county.town(), "3000")
                .withStage(Stage.CONSTRUCTION, null), owner);
        http.onList(project, 2026, ListLevel.COUNTY, county.region().id(), "1000");
        long period = http.month(coordinator, 2026, 10);
        return new Reporting(coordinator, ownerUser, project, period);
    }
}
