package org.keyproject.project;

/**
 * 项目类别: 产业 industrial (工业 is a sub-kind, flagged separately), 基础设施, 社会民生, and 未分类
 * (unclassified): a project whose source named no category, counted in every total and in no
 * category until a coordinator completes it.
 */
public enum Category {
    INDUSTRIAL, INFRASTRUCTURE, SOCIAL, UNCLASSIFIED;

    public String messageKey() {
        return "category." + name();
    }
}
