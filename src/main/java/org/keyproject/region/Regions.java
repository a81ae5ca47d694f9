package org.keyproject.region;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The region module's public API. */
@Service
public class Regions {

    private static final Set<String> KINDS = Set.of("PROVINCE", "CITY", "DISTRICT", "COUNTY", "COUNTY_CITY", "ZONE", "TOWN", "STREET");
    private static final List<String> SUFFIXES = List.of("经济技术开发区", "高新技术产业开发区", "经济开发区", "开发区", "街道", "新区",
            "自治县", "区", "县", "市", "镇", "乡");
    static final String COLUMNS = "id, code, name, short_name, level, kind, parent_id, path, sort_order, valid_from, valid_to";

    private static final RowMapper<Region> ROW = (rs, i) -> new Region(rs.getLong("id"), rs.getString("code"),
            rs.getString("name"), rs.getString("short_name"), RegionLevel.valueOf(rs.getString("level")),
            rs.getString("kind"), (Long) rs.getObject("parent_id"), rs.getString("path"), rs.getInt("sort_order"),
            rs.getObject("valid_from", java.time.LocalDate.class), rs.getObject("valid_to", java.time.LocalDate.class));

    private final JdbcClient jdbc;

    Regions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Region> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE id = ?").param(id).query(ROW).optional();
    }

    public Region get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("region", id));
    }

    /**
     * The region a statistic is asked for, else the caller's own (ownId); one asked for that the caller
     * may not see (visible says by its path) is not found, as a region that does not exist.
     */
    public Region asked(Long regionId, long ownId, Predicate<String> visible) {
        long id = regionId == null ? ownId : regionId;
        return find(id).filter(r -> regionId == null || visible.test(r.path()))
                .orElseThrow(() -> new NotFoundException("region", id));
    }

    /** The root of the tree (the city, or the province at larger deployments), if any. */
    public Optional<Region> root() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE parent_id IS NULL AND valid_to IS NULL ORDER BY id LIMIT 1")
                .query(ROW).optional();
    }

    /** Current regions of a subtree, root first, in tree order. */
    public List<Region> subtree(long rootId) {
        String path = get(rootId).path();
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE path LIKE ? AND valid_to IS NULL ORDER BY path, sort_order")
                .param(path + "%").query(ROW).list();
    }

    public List<Region> children(long parentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE parent_id = ? AND valid_to IS NULL ORDER BY sort_order, id")
                .param(parentId).query(ROW).list();
    }

    /** The chain from the root down to this region. */
    public List<Region> ancestry(long id) {
        Region region = get(id);
        List<Long> ids = new ArrayList<>();
        for (String part : region.path().split("/")) {
            if (!part.isEmpty()) {
                ids.add(Long.parseLong(part));
            }
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE id IN (:ids) ORDER BY length(path)")
                .param("ids", ids).query(ROW).list();
    }

    /**
     * Finds a current region inside a subtree by full name ("双台子区") or short name ("双台子");
     * full names win over short names, and a name that fits several regions matches none.
     */
    public Optional<Region> matchByName(String name, long withinRootId) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String wanted = name.trim();
        String path = get(withinRootId).path();
        List<Region> exact = jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE path LIKE ? AND valid_to IS NULL AND name = ?")
                .param(path + "%").param(wanted).query(ROW).list();
        if (exact.size() == 1) {
            return Optional.of(exact.get(0));
        }
        if (exact.size() > 1) {
            return Optional.empty();
        }
        List<Region> byShort = jdbc.sql("SELECT " + COLUMNS + " FROM region WHERE path LIKE ? AND valid_to IS NULL AND (short_name = ? OR short_name = ?)")
                .param(path + "%").param(wanted).param(shortNameOf(wanted)).query(ROW).list();
        return byShort.size() == 1 ? Optional.of(byShort.get(0)) : Optional.empty();
    }

    @Transactional
    public Region create(NewRegion input) {
        String kind = input.kind() == null ? "" : input.kind().trim().toUpperCase();
        if (!KINDS.contains(kind)) {
            throw new InvalidInputException("kind", "error.region.kind", String.join(", ", KINDS));
        }
        if (jdbc.sql("SELECT count(*) FROM region WHERE code = ?").param(input.code().trim()).query(Long.class).single() > 0) {
            throw new InvalidInputException("code", "error.region.codeTaken", input.code());
        }
        Region parent = input.parentId() == null ? null : get(input.parentId());
        if (parent == null && root().isPresent()) {
            throw new InvalidInputException("parentId", "error.region.parentRequired");
        }
        RegionLevel level = parent == null ? ("PROVINCE".equals(kind) ? RegionLevel.PROVINCE : RegionLevel.CITY) : parent.level().below();
        String shortName = input.shortName() == null || input.shortName().isBlank() ? shortNameOf(input.name().trim()) : input.shortName().trim();
        long id = jdbc.sql("SELECT nextval('region_id_seq')").query(Long.class).single();
        String path = (parent == null ? "/" : parent.path()) + id + "/";
        jdbc.sql("""
                INSERT INTO region (id, code, name, short_name, level, kind, parent_id, path, sort_order)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(sort_order), 0) + 1 FROM region WHERE parent_id IS NOT DISTINCT FROM ?))
                """)
                .params(id, input.code().trim(), input.name().trim(), shortName, level.name(), kind,
                        input.parentId(), path, input.parentId())
                .update();
        return get(id);
    }

    /** "双台子区" → "双台子", "临江经济技术开发区" → "临江". */
    public static String shortNameOf(String name) {
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix) && name.length() > suffix.length() + 1) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
