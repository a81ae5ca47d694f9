package org.keyproject.project;

/** The government level that issues an annual list: 省/市/县 重点项目. */
public enum ListLevel {
    PROVINCE, CITY, COUNTY;

    public String messageKey() {
        return "listLevel." + name();
    }
}
