package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.keyproject.project.Category;
import org.keyproject.project.Nature;
import org.keyproject.project.YearTarget;

class LedgerValuesTest {

    @Test
    void aDoubleOf亿IsConvertedTo万Exactly() {
        CellValue cell = new CellValue("2.3517", CellValue.exact(2.3517), null);

        assertThat(LedgerValues.amount(cell, Unit.YI).wan()).isEqualTo(new BigDecimal("23517.0000"));
        assertThat(CellValue.exact(0.1 + 0.2)).isEqualTo(new BigDecimal("0.3"));
    }

    @Test
    void amountsTypedAsTextAreRead() {
        assertThat(LedgerValues.amount(CellValue.text("2,351.7"), Unit.WAN).wan()).isEqualByComparingTo("2351.7");
        assertThat(LedgerValues.amount(CellValue.text("2351.7万元"), Unit.YI).wan()).isEqualByComparingTo("2351.7");
        assertThat(LedgerValues.amount(CellValue.text("0.8亿"), Unit.WAN).wan()).isEqualByComparingTo("8000");
        assertThat(LedgerValues.amount(CellValue.text("２３５１．７"), Unit.WAN).wan()).isEqualByComparingTo("2351.7");
        assertThat(LedgerValues.amount(CellValue.EMPTY, Unit.WAN)).isNull();
    }

    @Test
    void unreadableNegativeAndSubYuanAmountsAreRefused() {
        assertThatThrownBy(() -> LedgerValues.amount(CellValue.text("约八百"), Unit.WAN)).isInstanceOf(LedgerValues.CellProblem.class);
        assertThatThrownBy(() -> LedgerValues.amount(CellValue.text("-5"), Unit.WAN)).isInstanceOf(LedgerValues.CellProblem.class);
        assertThatThrownBy(() -> LedgerValues.amount(CellValue.text("1.000001"), Unit.WAN)).isInstanceOf(LedgerValues.CellProblem.class);
    }

    @Test
    void titlesAreUnderstoodWithTheirUnitsYearsAndOddSpacing() {
        LedgerTitles.Title total = LedgerTitles.parse("计划总投资\n（亿元）");
        assertThat(total.field()).isEqualTo(LedgerField.TOTAL_INVESTMENT);
        assertThat(total.unit()).isEqualTo(Unit.YI);
        LedgerTitles.Title planned = LedgerTitles.parse("2026年计划投资 (万元)");
        assertThat(planned.field()).isEqualTo(LedgerField.PLANNED_INVESTMENT);
        assertThat(planned.year()).isEqualTo(2026);
        assertThat(LedgerTitles.parse("*项 目 名 称").field()).isEqualTo(LedgerField.NAME);
        assertThat(LedgerTitles.parse("县（市、区）").field()).isEqualTo(LedgerField.REGION);
        assertThat(LedgerTitles.parse("建设性质（新建/续建）").field()).isEqualTo(LedgerField.NATURE);
        assertThat(LedgerTitles.parse("其中：2026年度计划投资").field()).isEqualTo(LedgerField.PLANNED_INVESTMENT);
        assertThat(LedgerTitles.parse("所属县（市、区）").field()).isEqualTo(LedgerField.REGION);
        assertThat(LedgerTitles.parse("备注").field()).isNull();
        assertThat(LedgerTitles.unitNoteIn("单位：亿元")).contains(Unit.YI);
    }

    @Test
    void datesAsPeopleTypeThem() {
        assertThat(LedgerValues.date(CellValue.text("2026年3月"))).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(LedgerValues.date(CellValue.text("2026.3.15"))).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(LedgerValues.date(CellValue.text("2026/03/15"))).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(LedgerValues.date(CellValue.text("2026年3月15日"))).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(LedgerValues.date(new CellValue("46096", new BigDecimal("46096"), null))).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThatThrownBy(() -> LedgerValues.date(CellValue.text("年底"))).isInstanceOf(LedgerValues.CellProblem.class);
    }

    @Test
    void natureCategoryAndTargetWords() {
        assertThat(LedgerValues.nature(CellValue.text("续建项目"))).isEqualTo(Nature.CONTINUING);
        assertThat(LedgerValues.category(CellValue.text("工业项目"))).isEqualTo(new LedgerValues.Kind(Category.INDUSTRIAL, true));
        assertThat(LedgerValues.category(CellValue.text("民生"))).isEqualTo(new LedgerValues.Kind(Category.SOCIAL, false));
        assertThat(LedgerValues.target(CellValue.text("年内新开工"))).isEqualTo(YearTarget.START);
        assertThat(LedgerValues.target(CellValue.text(LedgerValues.targetLabel(YearTarget.COMPLETE)))).isEqualTo(YearTarget.COMPLETE);
    }
}
