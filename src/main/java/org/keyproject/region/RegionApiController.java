package org.keyproject.region;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.keyproject.common.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/regions")
class RegionApiController {

    static final MediaType GEO_JSON = MediaType.parseMediaType("application/geo+json");

    private final Regions regions;
    private final RegionBoundaries boundaries;
    private final RegionAccess access;

    RegionApiController(Regions regions, RegionBoundaries boundaries, RegionAccess access) {
        this.regions = regions;
        this.boundaries = boundaries;
        this.access = access;
    }

    /** The whole current region tree in tree order. */
    @GetMapping
    List<Region> all() {
        return regions.root().map(r -> regions.subtree(r.id())).orElse(List.of());
    }

    @GetMapping("/{id}")
    Region one(@PathVariable long id) {
        return regions.get(id);
    }

    /**
     * Adds a region. Only administrators may (the tree is shared by every user); the API's security
     * chain refuses anyone else with 403 before the body is read.
     */
    @PostMapping
    ResponseEntity<Region> create(@Valid @RequestBody NewRegion input) {
        Region created = regions.create(input);
        return ResponseEntity.created(URI.create("/api/v1/regions/" + created.id())).body(created);
    }

    /** The boundaries of the region's children (一张图), for anyone whose scope covers the region; 404 otherwise. */
    @GetMapping(value = "/{id}/boundaries", produces = {"application/geo+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<String> boundaries(@PathVariable long id) {
        Region region = regions.find(id).filter(access::covers).orElseThrow(() -> new NotFoundException("region", id));
        return ResponseEntity.ok().contentType(GEO_JSON).body(boundaries.childrenOf(region.id()));
    }

    /**
     * Sets the boundaries of the region's children from a GeoJSON FeatureCollection, whole or not at
     * all; administrators only (refused by the security chain before the body is read).
     */
    @PutMapping(value = "/{id}/boundaries", consumes = {"application/geo+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<String> uploadBoundaries(@PathVariable long id, @RequestBody String featureCollection) {
        boundaries.upload(id, featureCollection, access.currentUserId().orElse(null));
        return ResponseEntity.ok().contentType(GEO_JSON).body(boundaries.childrenOf(id));
    }
}
