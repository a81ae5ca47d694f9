package org.keyproject.service;

import java.util.EnumSet;
import java.util.Set;

/** What a service was. */
public enum ServiceKind {
    /** 联系企业 */
    CONTACT,
    /** 现场走访 / 踏勘 */
    SITE_VISIT,
    /** 现场办公 */
    ONSITE_OFFICE,
    /** 专题推进会 */
    PROMOTION_MEETING,
    /** 并联审批: carries the permit and whether it was handled in parallel */
    PARALLEL_APPROVAL,
    /** 土地供应启动 */
    LAND_SUPPLY,
    /** 明确项目专员 */
    COMMISSIONER_NAMED;

    /** The kinds that put a leader on site (领导到现场), counted against the monthly expectation. */
    static final Set<ServiceKind> ON_SITE = EnumSet.of(SITE_VISIT, ONSITE_OFFICE);

    public String messageKey() {
        return "service.kind." + name();
    }
}
