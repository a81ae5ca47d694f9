/**
 * Dispatch (调度): the plans and milestones of a project's year (计划与节点, 倒排工期) and the
 * milestone chart (鱼骨图, 挂图作战); reporting periods, progress reports, their review and the frozen
 * snapshot of a closed period (调度).
 */
package org.keyproject.dispatch;
