/**
 * The official indicators (开复工率, 投资完成率, 序时进度, planned starts, 同比, shares) of a region subtree,
 * a year's list of one level and a month: computed in the database from the facts of the month
 * (dispatch's {@code month_facts}: the frozen snapshot of a closed period, the live reports of an open
 * one), each figure defined once in {@link org.keyproject.indicator.Measure} and traceable to the
 * projects behind it. See docs/indicators.md.
 */
package org.keyproject.indicator;
