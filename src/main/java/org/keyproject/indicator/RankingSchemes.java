package org.keyproject.indicator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.people.Role;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ranking schemes (赛马方案): a coordinator's named weights over indicator figures, by which the child
 * regions of a region are ranked. Saving under a name that exists adds its next version; no version
 * is ever changed, so a ranking published by version 2 can be asked for again after version 3.
 */
@Service
@Transactional(readOnly = true)
class RankingSchemes {

    private static final int NAME_LENGTH = 100;
    private static final TypeReference<LinkedHashMap<String, BigDecimal>> WEIGHTS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final Indicators indicators;
    private final Regions regions;
    private final ObjectMapper json;
    private final AuditTrail audit;

    RankingSchemes(JdbcClient jdbc, Indicators indicators, Regions regions, ObjectMapper json, AuditTrail audit) {
        this.jdbc = jdbc;
        this.indicators = indicators;
        this.regions = regions;
        this.json = json;
        this.audit = audit;
    }

    /** One version of a scheme; weights by figure key (see {@link Rankings#FIGURES}). */
    record Scheme(long id, long regionId, String name, int version, Map<String, BigDecimal> weights, long createdBy,
                  String createdByName, OffsetDateTime createdAt) {
    }

    /** A version and every version of its name, oldest first. */
    record History(Scheme scheme, List<Scheme> versions) {
    }

    /**
     * Saves the weights as the next version of the named scheme of a region (version 1 for a new name).
     * Coordinators whose region covers it and administrators may; weights must name rankable figures,
     * each with a positive weight.
     */
    @Transactional
    Scheme save(Long regionId, String name, JsonNode weights, CurrentUser by) {
        if (regionId == null) {
            throw new InvalidInputException("regionId", "error.required");
        }
        Region region = regions.find(regionId).orElseThrow(() -> new NotFoundException("region", regionId));
        if (!(by.is(Role.ADMIN) || by.is(Role.COORDINATOR)) || !by.scope().coversRegion(region.path())) {
            throw new ForbiddenException("error.ranking.forbidden");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty()) {
            problems.add(new FieldProblem("name", "error.required"));
        } else if (trimmed.length() > NAME_LENGTH) {
            problems.add(new FieldProblem("name", "error.ranking.nameLength", NAME_LENGTH));
        }
        Map<String, BigDecimal> parsed = weights(weights, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        // one saver at a time per name, so that two saves cannot both take the same next version
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('ranking_scheme/' || :region || '/' || :name, 0))")
                .param("region", regionId).param("name", trimmed).query((rs, i) -> 1).list();
        long id = jdbc.sql("""
                INSERT INTO ranking_scheme (region_id, name, version, weights, created_by)
                SELECT :region, :name, coalesce(max(version), 0) + 1, CAST(:weights AS jsonb), :by
                FROM ranking_scheme WHERE region_id = :region AND name = :name
                RETURNING id
                """).param("region", regionId).param("name", trimmed).param("weights", write(parsed)).param("by", by.id())
                .query(Long.class).single();
        Scheme saved = find(id).orElseThrow();
        audit.record("ranking_scheme", id, "CREATE", null, write(Map.of("regionId", regionId, "name", trimmed,
                "version", saved.version(), "weights", parsed)), by.id(), by.displayName());
        return saved;
    }

    /** The latest version of each scheme of a region the caller's scope covers, by name. */
    List<Scheme> latest(long regionId, DataScope scope) {
        indicators.region(regionId, scope);
        return jdbc.sql(SELECT + """
                WHERE s.region_id = :region
                  AND s.version = (SELECT max(v.version) FROM ranking_scheme v WHERE v.region_id = s.region_id AND v.name = s.name)
                ORDER BY s.name
                """).param("region", regionId).query(this::scheme).list();
    }

    /** One version, when the caller's scope covers its region; else it does not exist for them. */
    Scheme get(long id, DataScope scope) {
        Scheme scheme = find(id).orElseThrow(() -> new NotFoundException("rankingScheme", id));
        if (!scope.coversRegion(regions.get(scheme.regionId()).path())) {
            throw new NotFoundException("rankingScheme", id);
        }
        return scheme;
    }

    History history(long id, DataScope scope) {
        Scheme scheme = get(id, scope);
        List<Scheme> versions = jdbc.sql(SELECT + "WHERE s.region_id = :region AND s.name = :name ORDER BY s.version")
                .param("region", scheme.regionId()).param("name", scheme.name()).query(this::scheme).list();
        return new History(scheme, versions);
    }

    /** The weights of a request, every problem with them added to problems. */
    private static Map<String, BigDecimal> weights(JsonNode weights, List<FieldProblem> problems) {
        Map<String, BigDecimal> parsed = new LinkedHashMap<>();
        if (weights == null || !weights.isObject() || weights.isEmpty()) {
            problems.add(new FieldProblem("weights", "error.ranking.weightsEmpty"));
            return parsed;
        }
        weights.fields().forEachRemaining(e -> {
            FieldProblem unknown = Rankings.problemWith("weights", e.getKey());
            if (unknown != null) {
                problems.add(unknown);
            } else if (!e.getValue().isNumber() || e.getValue().decimalValue().signum() <= 0) {
                problems.add(new FieldProblem("weights", "error.ranking.weight", e.getKey()));
            } else {
                parsed.put(e.getKey(), e.getValue().decimalValue());
            }
        });
        return parsed;
    }

    private Optional<Scheme> find(long id) {
        return jdbc.sql(SELECT + "WHERE s.id = :id").param("id", id).query(this::scheme).optional();
    }

    private static final String SELECT = """
            SELECT s.id, s.region_id, s.name, s.version, s.weights::text AS weights, s.created_by,
                   u.display_name AS created_by_name, s.created_at
            FROM ranking_scheme s JOIN app_user u ON u.id = s.created_by
            """;

    private Scheme scheme(ResultSet rs, int row) throws SQLException {
        try {
            return new Scheme(rs.getLong("id"), rs.getLong("region_id"), rs.getString("name"), rs.getInt("version"),
                    json.readValue(rs.getString("weights"), WEIGHTS), rs.getLong("created_by"),
                    rs.getString("created_by_name"), rs.getObject("created_at", OffsetDateTime.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ranking_scheme " + rs.getLong("id") + " has unreadable weights", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
