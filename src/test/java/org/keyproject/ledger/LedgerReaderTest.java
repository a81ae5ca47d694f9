package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.keyproject.ledger.LedgerReader.DataRow;
import org.keyproject.ledger.LedgerReader.Parsed;
import org.keyproject.ledger.LedgerReader.ReadProgress;

class LedgerReaderTest {

    static final Object[] HEADER = {"序号", "项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "包保领导"};

    @Test
    void sectionRowsGiveEachRowItsSectionAndAreNeverRows() {
        byte[] file = Workbooks.xlsx(s -> s
                .row(HEADER)
                .row("一、产业项目（2个）").merge(1, 1, 0, 6)
                .row(1, "甲项目", "甲公司", "某区", 1000, 100)
                .row(2, "乙项目", "乙公司", "某区", 2000, 200)
                .row(null, "（二）基础设施项目")
                .row(3, "丙项目", "丙公司", "某区", 3000, 300)
                .row("三、民生项目 小计", null, null, null, 9999, 999)
                .row(4, "丁项目", "丁公司", "某区", 4000, 400)
                .row("1、城建项目")
                .row(5, "戊项目", "戊公司", "某区", 5000, 500)
                .row(null, "社会事业类")
                .row(6, "己项目", "己公司", "某区", 6000, 600)
                .row("合计", null, null, null, 21000, 2100));

        List<DataRow> rows = new ArrayList<>();
        Parsed parsed = LedgerReader.read(file, rows::add, ReadProgress.NONE);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.rows()).isEqualTo(6);
        assertThat(rows).extracting(r -> r.cell(LedgerField.NAME).text())
                .containsExactly("甲项目", "乙项目", "丙项目", "丁项目", "戊项目", "己项目");
        assertThat(rows).extracting(DataRow::section).containsExactly("一、产业项目（2个）", "一、产业项目（2个）",
                "（二）基础设施项目", "三、民生项目 小计", "1、城建项目", "社会事业类");
    }

    @Test
    void aRowWithAnOwnerIsAProjectWhateverItsName() {
        byte[] file = Workbooks.xlsx(s -> s
                .row(HEADER)
                .row(1, "一、产业园项目", "甲公司", "某区", 1000, 100)
                .row(2, "园区配套项目", null, "某区", 2000, 200));

        List<DataRow> rows = new ArrayList<>();
        LedgerReader.read(file, rows::add, ReadProgress.NONE);

        assertThat(rows).extracting(DataRow::number).containsExactly(2, 3);
        assertThat(rows).extracting(DataRow::section).containsOnlyNulls();
    }

    @Test
    void theTitleRowsAboveTheHeaderAreTheSheetTitle() {
        byte[] file = Workbooks.xlsx(s -> s
                .row("某某市2021年重点产业项目建设进展情况表").merge(0, 0, 0, 6)
                .row("截至2021年5月20日", null, null, null, null, "  ", "单位：亿元")
                .row("序号", "项目名称", "建设单位", "县区", "总投资", "年度计划投资")
                .row(1, "甲项目", "甲公司", "某区", 1, 0.5));

        List<DataRow> rows = new ArrayList<>();
        Parsed parsed = LedgerReader.read(file, rows::add, ReadProgress.NONE);

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.sheetTitle()).isEqualTo("某某市2021年重点产业项目建设进展情况表 截至2021年5月20日 单位：亿元");
            assertThat(LedgerValues.amount(row.cell(LedgerField.TOTAL_INVESTMENT), row.columns()
                    .get(LedgerField.TOTAL_INVESTMENT).unit()).wan()).isEqualByComparingTo("10000");
        });
        assertThat(parsed.year()).isEqualTo(2021);
    }

    @Test
    void aSheetWithoutTitleRowsHasNoTitle() {
        byte[] file = Workbooks.xlsx(s -> s.row(HEADER).row(1, "甲项目", "甲公司", "某区", 1000, 100));

        List<DataRow> rows = new ArrayList<>();
        LedgerReader.read(file, rows::add, ReadProgress.NONE);

        assertThat(rows).singleElement().extracting(DataRow::sheetTitle).isNull();
    }

    @Test
    void aTotalRowAboveTheDataIsCheckedOnceTheSheetIsRead() {
        byte[] file = Workbooks.xlsx(s -> s
                .row(HEADER)
                .row("合计", null, null, null, 3001, 300)
                .row(1, "甲项目", "甲公司", "某区", 1000, 100)
                .row(2, "乙项目", "乙公司", "某区", 2000, 200));

        Parsed parsed = LedgerReader.read(file, row -> { }, ReadProgress.NONE);

        assertThat(parsed.rows()).isEqualTo(2);
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.messageKey()).isEqualTo("ledger.error.totalMismatch");
            assertThat(p.row()).isEqualTo(2);
            assertThat(p.column()).isEqualTo("总投资（万元）");
            assertThat(p.args()).containsExactly("3,001", "3,000");
        });
    }

    @Test
    void aLeaderCellMergedDownCountsForEachOfItsRows() {
        byte[] file = Workbooks.xlsx(s -> s
                .row(HEADER)
                .row(1, "甲项目", "甲公司", "某区", 1000, 100, "张三")
                .row(2, "乙项目", "乙公司", "某区", 2000, 200)
                .row(3, "丙项目", "丙公司", "某区", 3000, 300)
                .merge(1, 3, 6, 6)
                .row(4, "丁项目", "丁公司", "某区", 4000, 400, "李四"));

        List<DataRow> rows = new ArrayList<>();
        LedgerReader.read(file, rows::add, ReadProgress.NONE);

        assertThat(rows).extracting(r -> r.cell(LedgerField.LEADER).display()).containsExactly("张三", "张三", "张三", "李四");
    }

    @Test
    void datesAndNumbersWithBinaryNoiseAreReadExactly() {
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（亿元）", "年度计划投资（万元）", "计划开工时间")
                .row("甲项目", "甲公司", "某区", 2.3517, 0.1 + 0.2, LocalDate.of(2026, 3, 15)));

        List<DataRow> rows = new ArrayList<>();
        LedgerReader.read(file, rows::add, ReadProgress.NONE);

        DataRow row = rows.get(0);
        assertThat(row.cell(LedgerField.TOTAL_INVESTMENT).number()).isEqualTo(new BigDecimal("2.3517"));
        assertThat(row.cell(LedgerField.TOTAL_INVESTMENT).text()).isEqualTo("2.3517");
        assertThat(row.cell(LedgerField.PLANNED_INVESTMENT).number()).isEqualTo(new BigDecimal("0.3"));
        assertThat(row.cell(LedgerField.PLANNED_START).date()).isEqualTo(LocalDate.of(2026, 3, 15));
    }

    @Test
    void theSameLedgerAsXlsAndAsXlsxReadsTheSameRows() {
        Consumer<Workbooks.SheetBuilder> content = s -> s
                .row("2026年重点项目").merge(0, 0, 0, 7)
                .row("序号", "项目名称", "业主单位", "属地", "投资情况（亿元）", null, "计划开工时间", "包保领导")
                .row(null, null, null, null, "总投资", "年度投资计划", null, null)
                .merge(1, 2, 0, 0).merge(1, 2, 1, 1).merge(1, 2, 2, 2).merge(1, 2, 3, 3).merge(1, 1, 4, 5)
                .merge(1, 2, 6, 6).merge(1, 2, 7, 7)
                .row("一、产业项目")
                .row(1, "甲项目", "甲公司", "某区", 2.3517, 0.8, LocalDate.of(2026, 5, 10), "张三")
                .row(2, "乙项目", "乙公司", "某区", "1.5亿", "2,000万", "2026年6月")
                .merge(4, 5, 7, 7)
                .row("合计", null, null, null, 3.8517, 0.8);

        List<DataRow> fromXlsx = new ArrayList<>();
        List<DataRow> fromXls = new ArrayList<>();
        Parsed xlsx = LedgerReader.read(Workbooks.xlsx(content), fromXlsx::add, ReadProgress.NONE);
        Parsed xls = LedgerReader.read(Workbooks.xls(content), fromXls::add, ReadProgress.NONE);

        assertThat(fromXlsx).hasSize(2);
        assertThat(fromXls).isEqualTo(fromXlsx);
        assertThat(xls.columns()).isEqualTo(xlsx.columns());
        assertThat(xls.year()).isEqualTo(xlsx.year()).isEqualTo(2026);
        assertThat(xls.problems()).usingRecursiveFieldByFieldElementComparator().isEqualTo(xlsx.problems());
        assertThat(xlsx.problems()).singleElement().satisfies(p -> {
            assertThat(p.messageKey()).isEqualTo("ledger.error.totalMismatch");
            assertThat(p.args()).containsExactly("8,000", "10,000");
        });
        assertThat(fromXlsx.get(1).cell(LedgerField.LEADER).display()).isEqualTo("张三");
        assertThat(fromXlsx.get(1).section()).isEqualTo("一、产业项目");
    }

    @Test
    void theSinkReceivesEachRowInFileOrderWhileTheFileIsStillBeingRead() {
        byte[] file = Workbooks.xlsx(s -> {
            s.row(HEADER);
            for (int i = 1; i <= 1000; i++) {
                s.row(i, "项目" + i, "公司" + i, "某区", 1000, 100);
            }
        });

        List<String> events = new ArrayList<>();
        Parsed parsed = LedgerReader.read(file, row -> events.add("row " + row.number()),
                (done, expected) -> events.add("read " + done + "/" + expected));

        assertThat(parsed.rows()).isEqualTo(1000);
        List<String> rows = events.stream().filter(e -> e.startsWith("row")).toList();
        assertThat(rows).first().isEqualTo("row 2");
        assertThat(rows).last().isEqualTo("row 1001");
        assertThat(rows).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
        assertThat(events.indexOf("read 200/1001")).isEqualTo(events.indexOf("row 200") + 1);
        assertThat(events).last().isEqualTo("read 1001/1001");
    }

    @Test
    void hiddenSheetsAreSkipped() throws IOException {
        byte[] file;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            fill(workbook.createSheet("旧版"), "旧项目");
            fill(workbook.createSheet("重点项目"), "新项目");
            workbook.setSheetHidden(0, true);
            workbook.write(out);
            file = out.toByteArray();
        }

        List<DataRow> rows = new ArrayList<>();
        LedgerReader.read(file, rows::add, ReadProgress.NONE);

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.sheet()).isEqualTo("重点项目");
            assertThat(row.cell(LedgerField.NAME).text()).isEqualTo("新项目");
        });
    }

    @Test
    void aDamagedOrForeignFileIsUnreadable() {
        byte[] xlsx = Workbooks.xlsx(s -> s.row(HEADER).row(1, "甲项目", "甲公司", "某区", 1000, 100));
        byte[] truncated = Arrays.copyOf(xlsx, xlsx.length / 2);

        for (byte[] file : List.of(truncated, "项目名称,建设单位".getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            Parsed parsed = LedgerReader.read(file, row -> { }, ReadProgress.NONE);
            assertThat(parsed.problems()).extracting(LedgerProblem::messageKey).containsExactly("ledger.error.unreadable");
        }
    }

    @Test
    void aFailureOfTheSinkIsTheCallersNotAnUnreadableFile() {
        byte[] file = Workbooks.xlsx(s -> s.row(HEADER).row(1, "甲项目", "甲公司", "某区", 1000, 100));

        assertThatThrownBy(() -> LedgerReader.read(file, row -> {
            throw new IllegalStateException("database gone");
        }, ReadProgress.NONE)).isInstanceOf(IllegalStateException.class).hasMessage("database gone");
    }

    @Test
    void aHundredThousandRowLedgerIsReadWithoutHoldingItsRows() throws IOException {
        int count = 100_000;
        byte[] file = largeLedger(count);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        long[] peak = {0};
        int[] seen = {0};

        Parsed parsed = LedgerReader.read(file, row -> {
            if (++seen[0] % 20_000 == 0) {
                System.gc();
                peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed() - before);
            }
        }, ReadProgress.NONE);

        assertThat(parsed.rows()).isEqualTo(count);
        assertThat(seen[0]).isEqualTo(count);
        assertThat(parsed.problems()).isEmpty();
        // a sink that kept the rows would have grown the heap by about 114 MB (measured)
        assertThat(peak[0]).isLessThan(40L * 1024 * 1024);
    }

    private static byte[] largeLedger(int count) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("重点项目");
            sheet.createRow(0).createCell(0).setCellValue("2026年重点项目建设清单");
            Object[] header = {"序号", "项目编码", "项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）",
                    "建设内容及规模", "计划开工时间", "包保领导"};
            write(sheet.createRow(1), header);
            for (int i = 1; i <= count; i++) {
                write(sheet.createRow(i + 1), new Object[] {i, "KP2026" + (100_000 + i), "某某产业园区标准化厂房建设项目第" + i + "期",
                        "某某建设投资有限公司" + i, "双台子区", 1000 + i * 0.01, 500 + i * 0.01,
                        "新建标准化厂房及配套设施，总建筑面积约" + i + "平方米，配套道路管网", "2026年" + (1 + i % 12) + "月",
                        "领导" + i % 50});
            }
            workbook.write(out);
            workbook.dispose();
            return out.toByteArray();
        }
    }

    private static void fill(Sheet sheet, String name) {
        write(sheet.createRow(0), HEADER);
        write(sheet.createRow(1), new Object[] {1, name, "甲公司", "某区", 1000, 100});
    }

    private static void write(Row row, Object[] values) {
        for (int c = 0; c < values.length; c++) {
            if (values[c] instanceof Number n) {
                row.createCell(c).setCellValue(n.doubleValue());
            } else if (values[c] != null) {
                row.createCell(c).setCellValue(values[c].toString());
            }
        }
    }

    private static int number(String event) {
        return Integer.parseInt(event.substring(event.indexOf(' ') + 1));
    }
}
