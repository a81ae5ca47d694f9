package org.keyproject.people;

/** The roles of docs/domain.md "Who uses it". */
public enum Role {
    /** system administrator */
    ADMIN,
    /** 发改委/项目科 coordinator */
    COORDINATOR,
    /** 包保领导 responsible leader */
    LEADER,
    /** 项目专员 commissioner */
    COMMISSIONER,
    /** 责任单位 department handler */
    DEPARTMENT,
    /** 建设单位 enterprise */
    ENTERPRISE,
    /** read-only observer */
    OBSERVER;

    public String messageKey() {
        return "role." + name();
    }
}
