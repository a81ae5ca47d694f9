package org.keyproject.region;

public enum RegionLevel {
    PROVINCE, CITY, COUNTY, TOWN;

    /** The level a child region of this one has. */
    public RegionLevel below() {
        return switch (this) {
            case PROVINCE -> CITY;
            case CITY -> COUNTY;
            case COUNTY, TOWN -> TOWN;
        };
    }
}
