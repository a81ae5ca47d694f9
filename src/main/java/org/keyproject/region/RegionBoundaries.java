package org.keyproject.region;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Map boundaries (一张图): the outlines of a region's children as GeoJSON, uploaded for all children
 * at once (a FeatureCollection whose features name their region by {@code code}, 行政区划代码, or by
 * {@code name}) and read back as a FeatureCollection for the map. An upload is taken whole or not
 * at all. Callers check who may: reading needs the region in the user's scope, uploading an
 * administrator.
 */
@Service
@Transactional
public class RegionBoundaries {

    private final JdbcClient jdbc;
    private final Regions regions;
    private final ObjectMapper json;

    RegionBoundaries(JdbcClient jdbc, Regions regions, ObjectMapper json) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.json = json;
    }

    /**
     * The boundaries of the region's current children as a GeoJSON FeatureCollection (as text), each
     * feature with the properties regionId, code and name; children without a boundary are left out.
     */
    @Transactional(readOnly = true)
    public String childrenOf(long regionId) {
        regions.get(regionId);
        return jdbc.sql("""
                SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
                           'type', 'Feature', 'geometry', b.geojson,
                           'properties', json_build_object('regionId', r.id, 'code', r.code, 'name', r.name))
                       ORDER BY r.sort_order, r.id), '[]'))::text
                FROM region r JOIN region_boundary b ON b.region_id = r.id
                WHERE r.parent_id = ? AND r.valid_to IS NULL
                """).param(regionId).query(String.class).single();
    }

    /** A child and its boundary's upload, if it has one: for the page listing what is there. */
    record ChildBoundary(Region region, OffsetDateTime uploadedAt) {
    }

    @Transactional(readOnly = true)
    List<ChildBoundary> status(long regionId) {
        Map<Long, OffsetDateTime> uploaded = new HashMap<>();
        jdbc.sql("SELECT b.region_id, b.uploaded_at FROM region_boundary b JOIN region r ON r.id = b.region_id WHERE r.parent_id = ?")
                .param(regionId).query(rs -> {
                    uploaded.put(rs.getLong(1), rs.getObject(2, OffsetDateTime.class));
                });
        return regions.children(regionId).stream().map(c -> new ChildBoundary(c, uploaded.get(c.id()))).toList();
    }

    /**
     * Takes a GeoJSON FeatureCollection of the region's children: every feature must name a child
     * (property code or name), at most once, and carry a Polygon or MultiPolygon of valid
     * longitudes and latitudes. Any problem refuses the whole upload, naming every field at fault;
     * otherwise each named child's boundary is set (replacing the one before). Answers how many.
     */
    public int upload(long regionId, String featureCollection, Long uploadedBy) {
        regions.get(regionId);
        List<Region> children = regions.children(regionId);
        JsonNode root;
        try {
            root = json.readTree(featureCollection == null ? "" : featureCollection);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !"FeatureCollection".equals(root.path("type").asText())
                || !root.path("features").isArray()) {
            throw new InvalidInputException("type", "error.boundary.notFeatureCollection");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<Long, String> geometries = new LinkedHashMap<>();
        JsonNode features = root.get("features");
        for (int i = 0; i < features.size(); i++) {
            String at = "features[" + i + "]";
            JsonNode f = features.get(i);
            if (!f.isObject() || !"Feature".equals(f.path("type").asText())) {
                problems.add(new FieldProblem(at + ".type", "error.boundary.notFeature", i + 1));
                continue;
            }
            String code = text(f.path("properties").path("code"));
            String name = text(f.path("properties").path("name"));
            Region child = match(children, code, name);
            if (child == null) {
                String named = code != null ? code : name != null ? name : "—";
                problems.add(new FieldProblem(at + ".properties", "error.boundary.noChild", i + 1, named));
            } else if (geometries.containsKey(child.id())) {
                problems.add(new FieldProblem(at + ".properties", "error.boundary.twice", i + 1, child.name()));
            }
            JsonNode geometry = f.path("geometry");
            String type = geometry.path("type").asText("");
            if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
                problems.add(new FieldProblem(at + ".geometry.type", "error.boundary.geometryType", i + 1, type.isEmpty() ? "—" : type));
            } else if (!(type.equals("Polygon") ? polygon(geometry.path("coordinates")) : multiPolygon(geometry.path("coordinates")))) {
                problems.add(new FieldProblem(at + ".geometry.coordinates", "error.boundary.coordinates", i + 1));
            } else if (child != null) {
                geometries.put(child.id(), json.createObjectNode().put("type", type).set("coordinates", geometry.get("coordinates")).toString());
            }
        }
        if (features.isEmpty()) {
            problems.add(new FieldProblem("features", "error.boundary.empty"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        geometries.forEach((region, geometry) -> jdbc.sql("""
                INSERT INTO region_boundary (region_id, geojson, uploaded_by) VALUES (?, CAST(? AS jsonb), ?)
                ON CONFLICT (region_id) DO UPDATE SET geojson = excluded.geojson, uploaded_by = excluded.uploaded_by, uploaded_at = now()
                """).params(region, geometry, uploadedBy).update());
        return geometries.size();
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isBlank() ? node.asText().trim() : null;
    }

    /** By 行政区划代码 first; by full or short name when there is no code. */
    private static Region match(List<Region> children, String code, String name) {
        for (Region c : children) {
            if (code != null ? code.equals(c.code()) : name != null && (name.equals(c.name()) || name.equals(c.shortName()))) {
                return c;
            }
        }
        return null;
    }

    private static boolean multiPolygon(JsonNode polygons) {
        if (!polygons.isArray() || polygons.isEmpty()) {
            return false;
        }
        for (JsonNode p : polygons) {
            if (!polygon(p)) {
                return false;
            }
        }
        return true;
    }

    /** Rings of at least four positions, closed, of longitudes in [-180, 180] and latitudes in [-90, 90]. */
    private static boolean polygon(JsonNode rings) {
        if (!rings.isArray() || rings.isEmpty()) {
            return false;
        }
        for (JsonNode ring : rings) {
            if (!ring.isArray() || ring.size() < 4 || !ring.get(0).equals(ring.get(ring.size() - 1))) {
                return false;
            }
            for (JsonNode position : ring) {
                if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber() || !position.get(1).isNumber()
                        || Math.abs(position.get(0).asDouble()) > 180 || Math.abs(position.get(1).asDouble()) > 90) {
                    return false;
                }
            }
        }
        return true;
    }
}
