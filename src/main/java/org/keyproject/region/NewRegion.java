package org.keyproject.region;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What it takes to add a region under a parent. kind: DISTRICT, COUNTY, COUNTY_CITY, ZONE, TOWN, STREET. */
public record NewRegion(@NotBlank @Size(max = 20) String code,
                        @NotBlank @Size(max = 100) String name,
                        @Size(max = 50) String shortName,
                        @NotBlank String kind,
                        Long parentId) {
}
