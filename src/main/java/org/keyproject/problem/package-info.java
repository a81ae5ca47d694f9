/**
 * The problem loop (问题闭环): problems raised on a project (by hand, or as candidates from the 存在问题
 * of progress reports), assigned to a department with a deadline in working days, answered, verified
 * and closed (销号); the direct line to the responsible leader (直通车), listed supervision (挂牌督办),
 * the overdue notices of each working morning. Public surface: {@link org.keyproject.problem.Problems}
 * and the types it takes and gives.
 */
package org.keyproject.problem;
