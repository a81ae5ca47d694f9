package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.keyproject.TestFixtures;
import org.keyproject.ledger.Workbooks;
import org.keyproject.region.Region;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Loads a year's list and a month's figures through the product's own imports, as a coordinator of the
 * county does: a ledger (台账) of the year, then the dispatch sheet (调度表) of the period.
 */
final class ImportedLists {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final MockMvc mvc;
    private final Region county;
    private final String username;
    private final String suffix;

    /** Project and owner names carry the suffix, so that tests never match each other's projects. */
    ImportedLists(MockMvc mvc, Region county, String username, String suffix) {
        this.mvc = mvc;
        this.county = county;
        this.username = username;
        this.suffix = suffix;
    }

    /** One ledger row and the same project's dispatch row. */
    record Line(String name, boolean isNew, long total, long planned, Integer plannedMonth, String startState,
                LocalDate startedOn, long ytd) {
    }

    /**
     * n projects of which nNew are new, totals and planned amounts spread evenly (the remainder on the
     * last), startedNew new ones started in startMonth and resumed continuing ones, ytd spread over them.
     */
    static List<Line> lines(String prefix, int n, int nNew, long total, long planned, int startedNew, int resumed,
                            long ytd, int year, int startMonth) {
        int paying = startedNew + resumed;
        List<Line> lines = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < n; i++) {
            boolean isNew = i < nNew;
            boolean started = isNew ? i < startedNew : i - nNew < resumed;
            String state = isNew ? (started ? "已开工" : "未开工") : (started ? "已复工" : "未复工");
            long amount = started ? share(ytd, paying, k++) : 0;
            lines.add(new Line(prefix + i, isNew, share(total, n, i), share(planned, n, i), isNew ? startMonth : null, state,
                    isNew && started ? LocalDate.of(year, startMonth, 10) : null, amount));
        }
        return lines;
    }

    /** The i-th of n equal parts of a whole, the rounding remainder on the last. */
    static long share(long whole, int n, int i) {
        long part = whole / n;
        return i < n - 1 ? part : whole - part * (n - 1);
    }

    /** The name a line's project has once imported. */
    String projectName(Line line) {
        return line.name() + suffix;
    }

    void load(int year, String period, List<Line> lines) throws Exception {
        load(year, period, lines, line -> county);
    }

    /** The same, each line's project in the region given (the county or a town in it). */
    void load(int year, String period, List<Line> lines, Function<Line, Region> regionOf) throws Exception {
        byte[] ledger = Workbooks.xlsx(s -> {
            s.row(year + "年县级重点项目清单");
            s.row("项目名称", "建设单位", "所在县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "计划开工时间");
            for (Line l : lines) {
                s.row(projectName(l), owner(l), regionOf.apply(l).name(), l.total(), l.planned(), l.isNew() ? "新建" : "续建", "产业",
                        l.plannedMonth() == null ? null : year + "年" + l.plannedMonth() + "月");
            }
        });
        upload("/api/v1/imports/ledger?year=" + year + "&createMissing=true", "台账.xlsx", ledger);
        int month = Integer.parseInt(period.substring(5));
        byte[] sheet = Workbooks.xlsx(s -> {
            s.row("调度表");
            s.row("项目名称", "建设单位", "1-" + month + "月完成投资（万元）", "开复工情况", "实际开工时间");
            for (Line l : lines) {
                s.row(projectName(l), owner(l), l.ytd(), l.startState(), l.startedOn());
            }
        });
        upload("/api/v1/imports/dispatch?period=" + period, "调度表.xlsx", sheet);
    }

    private String owner(Line l) {
        return "建设单位" + suffix + (l.name().hashCode() & 7);
    }

    private void upload(String url, String filename, byte[] file) throws Exception {
        MvcResult result = mvc.perform(multipart(url).file(new MockMultipartFile("file", filename, XLSX, file))
                .with(httpBasic(username, TestFixtures.PASSWORD))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
    }
}
