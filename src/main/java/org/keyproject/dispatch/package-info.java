/**
 * Dispatch (调度): for now the plans and milestones of a project's year (计划与节点, 倒排工期) and the
 * milestone chart (鱼骨图, 挂图作战); reporting periods and reports will join them here.
 */
package org.keyproject.dispatch;
