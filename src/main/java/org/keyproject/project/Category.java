package org.keyproject.project;

/** 项目类别: 产业 industrial (工业 is a sub-kind, flagged separately), 基础设施, 社会民生. */
public enum Category {
    INDUSTRIAL, INFRASTRUCTURE, SOCIAL;

    public String messageKey() {
        return "category." + name();
    }
}
