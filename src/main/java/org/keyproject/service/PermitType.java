package org.keyproject.service;

/** The permit of a parallel approval (并联审批), as the procedures of a progress report name them. */
public enum PermitType {
    /** 用地 */
    LAND,
    /** 规划 */
    PLANNING,
    /** 环评 */
    EIA,
    /** 能评 */
    ENERGY,
    /** 施工许可 */
    CONSTRUCTION_PERMIT,
    /** another permit, named */
    OTHER;

    public String messageKey() {
        return "service.permit." + name();
    }
}
