package org.keyproject.project;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle (谋划储备一批、签约落地一批、开工建设一批、竣工投产一批): reserve → signed → preparation →
 * under construction → completed, plus suspended and withdrawn. Only the moves below are legal.
 */
public enum Stage {
    /** 谋划储备 */
    RESERVE,
    /** 签约落地 */
    SIGNED,
    /** 前期 (procedures) */
    PREPARATION,
    /** 开工在建 */
    CONSTRUCTION,
    /** 竣工投产 */
    COMPLETED,
    /** 暂停 */
    SUSPENDED,
    /** 退库 */
    WITHDRAWN;

    public Set<Stage> next() {
        return switch (this) {
            case RESERVE -> EnumSet.of(SIGNED, PREPARATION, WITHDRAWN);
            case SIGNED -> EnumSet.of(PREPARATION, WITHDRAWN);
            case PREPARATION -> EnumSet.of(CONSTRUCTION, SUSPENDED, WITHDRAWN);
            case CONSTRUCTION -> EnumSet.of(COMPLETED, SUSPENDED);
            case SUSPENDED -> EnumSet.of(PREPARATION, CONSTRUCTION, WITHDRAWN);
            case WITHDRAWN -> EnumSet.of(RESERVE);
            case COMPLETED -> EnumSet.noneOf(Stage.class);
        };
    }

    public boolean canMoveTo(Stage target) {
        return next().contains(target);
    }

    public String messageKey() {
        return "stage." + name();
    }
}
