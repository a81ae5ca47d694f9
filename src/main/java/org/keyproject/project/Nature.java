package org.keyproject.project;

/** 建设性质: 新建 new, 续建 continuing. */
public enum Nature {
    NEW, CONTINUING;

    public String messageKey() {
        return "nature." + name();
    }
}
