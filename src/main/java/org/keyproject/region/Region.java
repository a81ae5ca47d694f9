package org.keyproject.region;

import java.time.LocalDate;

/** A region as it stands; {@code path} is the chain of ids from the root, e.g. "/1/4/17/". */
public record Region(long id, String code, String name, String shortName, RegionLevel level, String kind,
                     Long parentId, String path, int sortOrder, LocalDate validFrom, LocalDate validTo) {

    public int depth() {
        return (int) path.chars().filter(c -> c == '/').count() - 1;
    }
}
