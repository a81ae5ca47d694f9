package org.keyproject.service;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The service promises (服务承诺, Mianyang) to a newly signed project: each within so many working days
 * of the signing, kept by a service of one kind logged on or after the signing day.
 */
enum PromiseKind {
    /** 1个工作日内明确项目专员 (or the project gets its commissioner) */
    COMMISSIONER_NAMED(1, ServiceKind.COMMISSIONER_NAMED),
    /** 2个工作日内现场踏勘 */
    SITE_SURVEY(2, ServiceKind.SITE_VISIT),
    /** 3个工作日内启动土地供应 */
    LAND_SUPPLY_STARTED(3, ServiceKind.LAND_SUPPLY),
    /** 5个工作日内召开专题推进会 */
    PROMOTION_MEETING(5, ServiceKind.PROMOTION_MEETING);

    final int workingDays;
    final ServiceKind keptBy;

    PromiseKind(int workingDays, ServiceKind keptBy) {
        this.workingDays = workingDays;
        this.keptBy = keptBy;
    }

    public String messageKey() {
        return "promise.kind." + name();
    }

    /** The kinds as an SQL VALUES list with the columns (kind, days, service_kind), for set-based statements. */
    static String sqlValues() {
        return "(VALUES " + Arrays.stream(values())
                .map(k -> "('" + k.name() + "', " + k.workingDays + ", '" + k.keptBy.name() + "')")
                .collect(Collectors.joining(", ")) + ")";
    }
}
