package org.keyproject.project;

import java.time.LocalDate;

/** 年度重点项目清单: issued for a year by one level of government, in numbered batches. */
public record AnnualList(long id, int year, ListLevel level, long regionId, String regionName, int batch, String name,
                         LocalDate publishedOn, long projects) {
}
