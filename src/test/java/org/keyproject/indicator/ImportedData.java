package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.keyproject.TestFixtures;
import org.keyproject.ledger.Workbooks;
import org.keyproject.people.UserAccount;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Loads a county's year through the product's own imports: the ledger, then dispatch sheets. */
final class ImportedData {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** One ledger row and the same project's dispatch row. */
    record Line(String name, boolean isNew, long total, long planned, Integer plannedMonth, String startState,
                LocalDate startedOn, long ytd) {

        Line withYtd(long amount) {
            return new Line(name, isNew, total, planned, plannedMonth, startState, startedOn, amount);
        }
    }

    private final MockMvc mvc;
    private final UserAccount coordinator;
    private final String regionName;
    private final String unique;

    ImportedData(MockMvc mvc, UserAccount coordinator, String regionName, String unique) {
        this.mvc = mvc;
        this.coordinator = coordinator;
        this.regionName = regionName;
        this.unique = unique;
    }

    /** The i-th of n equal parts of a whole, the rounding remainder on the last. */
    static long share(long whole, int n, int i) {
        long part = whole / n;
        return i < n - 1 ? part : whole - part * (n - 1);
    }

    /** The year's list as a ledger (new projects, categories 产业), created where missing. */
    void ledger(int year, List<Line> lines) throws Exception {
        byte[] ledger = Workbooks.xlsx(s -> {
            s.row(year + "年县级重点项目清单");
            s.row("项目名称", "建设单位", "所在县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "计划开工时间");
            for (Line l : lines) {
                s.row(l.name() + unique, owner(l), regionName, l.total(), l.planned(), l.isNew() ? "新建" : "续建", "产业",
                        l.plannedMonth() == null ? null : year + "年" + l.plannedMonth() + "月");
            }
        });
        upload("/api/v1/imports/ledger?year=" + year + "&createMissing=true", "台账.xlsx", ledger);
    }

    /** A dispatch sheet of the month (YYYY-MM) with each line's year-to-date amount and start state. */
    void dispatch(String period, List<Line> lines) throws Exception {
        int month = Integer.parseInt(period.substring(5));
        byte[] sheet = Workbooks.xlsx(s -> {
            s.row("调度表");
            s.row("项目名称", "建设单位", "1-" + month + "月完成投资（万元）", "开复工情况", "实际开工时间");
            for (Line l : lines) {
                s.row(l.name() + unique, owner(l), l.ytd(), l.startState(), l.startedOn());
            }
        });
        upload("/api/v1/imports/dispatch?period=" + period, "调度表.xlsx", sheet);
    }

    private String owner(Line l) {
        return "建设单位" + unique + (l.name().hashCode() & 7);
    }

    private void upload(String url, String filename, byte[] file) throws Exception {
        MvcResult result = mvc.perform(multipart(url).file(new MockMultipartFile("file", filename, XLSX, file))
                .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
    }
}
