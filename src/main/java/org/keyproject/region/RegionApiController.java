package org.keyproject.region;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/regions")
class RegionApiController {

    private final Regions regions;

    RegionApiController(Regions regions) {
        this.regions = regions;
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
}
