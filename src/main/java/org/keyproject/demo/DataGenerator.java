package org.keyproject.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.keyproject.dispatch.PeriodClosing;
import org.keyproject.people.InitialCredentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a deterministic fictional city with its key projects (重点项目) in one transaction, with
 * plain batched SQL. Everything is drawn from the seed; dates derive from the spec's year: the data
 * shows the library as it stands on 30 June of that year, with the four years before: their annual
 * lists and monthly reports, every month before June closed into its snapshot, June open.
 * An existing root region is reused; everything else is added beside what is there.
 */
@Component
public class DataGenerator {

    static final int CHUNK = 1000;
    /** How many years before the spec's year have lists and monthly reports. */
    static final int HISTORY_YEARS = 4;
    private static final ZoneOffset SHANGHAI = ZoneOffset.ofHours(8);
    /** Which city department (index in Names.CITY_DEPARTMENTS) answers a problem of each category. */
    private static final Map<String, Integer> CITY_DEPARTMENT_FOR = Map.of("LAND", 3, "PLANNING", 3, "ENVIRONMENT", 4,
            "FUNDING", 12, "CONSTRUCTION", 2, "DEMOLITION", 2, "UTILITIES", 16, "APPROVAL", 14, "OTHER", 0);
    /** Which of a county's two departments with handlers (发改局 and 住建局, in a zone 经发局 and 规建局) answers each category. */
    private static final Map<String, Integer> COUNTY_DEPARTMENT_FOR = Map.of("LAND", 0, "PLANNING", 1, "ENVIRONMENT", 0,
            "FUNDING", 0, "CONSTRUCTION", 1, "DEMOLITION", 1, "UTILITIES", 1, "APPROVAL", 0, "OTHER", 0);


    private final JdbcTemplate jdbc;
    private final Supplier<String> passwordHash;
    private final PeriodClosing closing;
    private final TransactionTemplate transaction;

    @Autowired
    public DataGenerator(JdbcTemplate jdbc, InitialCredentials initialCredentials, PeriodClosing closing) {
        this(jdbc, initialCredentials::passwordHash, closing);
    }

    /**
     * For tools without the application context: any hash will do there. Without a closing (null),
     * as in a comparison of two generated libraries, the months before the data date stay open.
     */
    public DataGenerator(JdbcTemplate jdbc, Supplier<String> passwordHash, PeriodClosing closing) {
        this.jdbc = jdbc;
        this.passwordHash = passwordHash;
        this.closing = closing;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    public GeneratedData generate(GeneratorSpec spec) {
        return transaction.execute(status -> new Run(spec).write());
    }

    // ---------------------------------------------------------------- the in-memory model

    enum Stage { RESERVE, SIGNED, PREPARATION, CONSTRUCTION, COMPLETED, SUSPENDED, WITHDRAWN }

    record Change(Stage from, Stage to, LocalDate on) {
    }

    record Town(long id, String name, String shortName) {
    }

    static final class County {
        long id;
        String name;
        String shortName;
        String kind;
        String code;
        double lon;
        double lat;
        /** Its cell of the boundary grid ({@link CountyGrid}). */
        int cell;
        /** Its month-by-month investment pattern (seasonality), the same every year. */
        double[] season;
        double weight;
        final List<Town> towns = new ArrayList<>();
        final List<Long> departments = new ArrayList<>();
        final List<Long> leaders = new ArrayList<>();
        final List<Long> commissioners = new ArrayList<>();
        long coordinator;
    }

    static final class Project {
        long id;
        County county;
        Town town;
        String category;
        String industry;
        boolean manufacturing;
        BigDecimal total;
        Stage stage;
        String nature;
        boolean viaSigned;
        LocalDate actualStart;
        LocalDate actualCompletion;
        /** The day the final stage was entered, for stages not anchored on a start date. */
        LocalDate lastDate;
        LocalDate suspendedOn;
        LocalDate resumedOn;
        Stage withdrawnFrom;
        boolean fromConstruction;
        LocalDate plannedStart;
        LocalDate plannedCompletion;
        List<Change> chain;
        Project pkg;
        boolean isPackage;
        /** What a package bundles (老旧小区改造 …), named in the package and in each sub-project. */
        String subject;
        /** The share of the total invested before the year, for the year's planned investment. */
        double investedBefore;

        String tier() {
            return total.compareTo(BigDecimal.valueOf(50000)) >= 0 ? "CITY"
                    : total.compareTo(BigDecimal.valueOf(10000)) >= 0 ? "COUNTY" : "DEPT";
        }

        LocalDate createdOn() {
            return chain.get(0).on();
        }

        Stage stageOn(LocalDate day) {
            Stage s = null;
            for (Change c : chain) {
                if (!c.on().isAfter(day)) {
                    s = c.to();
                }
            }
            return s;
        }
    }

    // ---------------------------------------------------------------- one generation

    private final class Run {
        private final GeneratorSpec spec;
        private final Dice dice;
        private final int year;
        private final LocalDate asOf;
        private final LocalDate yearStart;

        private long rootId;
        private String rootName;
        private String rootShort;
        private String rootCode;
        private String rootPath;
        private int regionsCreated;

        private final List<County> counties = new ArrayList<>();
        private final Set<String> regionCodes = new HashSet<>();
        private final List<Object[]> regionRows = new ArrayList<>();
        private final List<Object[]> organizationRows = new ArrayList<>();
        private final List<Object[]> userRows = new ArrayList<>();
        private final Set<String> usernames = new HashSet<>();
        private final Set<String> enterpriseNames = new HashSet<>();
        private final Map<String, Long> departmentsByName = new HashMap<>();
        private final List<Long> cityDepartments = new ArrayList<>();
        private final Map<String, Long> industries = new LinkedHashMap<>();
        private final Map<String, List<Long>> enterprisesByIndustry = new HashMap<>();
        private final Map<Long, String> enterpriseBrand = new HashMap<>();
        private final Map<Long, Long> enterpriseRegion = new HashMap<>();
        private final List<Long> enterprises = new ArrayList<>();
        private final List<Long> cityLeaders = new ArrayList<>();
        private final List<Long> coordinators = new ArrayList<>();
        private final List<Project> projects = new ArrayList<>();
        private final Map<Project, Long> ownerOf = new HashMap<>();
        /** Per project: name, content and scale, address, promotion plan, task force. */
        private final Map<Project, String[]> text = new HashMap<>();
        /** Per project: leader, department, commissioner ids, 0 for none. */
        private final Map<Project, long[]> assigned = new HashMap<>();
        private final List<List<Project>> batches = new ArrayList<>();
        private final List<LocalDate> batchDays = new ArrayList<>();
        private final Map<String, ArrayDeque<Long>> idPools = new HashMap<>();
        /** Draws for the monthly history only, so that it leaves the library's draws as they were. */
        private final Dice historyDice;
        private final List<MonthlyHistory.YearRow> yearRows = new ArrayList<>();
        private final Map<Project, BigDecimal> spentBefore = new HashMap<>();
        private String hash;
        private int usersCreated;

        Run(GeneratorSpec spec) {
            this.spec = spec;
            this.dice = new Dice(spec.seed());
            this.historyDice = new Dice(~spec.seed());
            this.year = spec.year();
            this.asOf = LocalDate.of(year, 6, 30);
            this.yearStart = LocalDate.of(year, 1, 1);
        }

        GeneratedData write() {
            hash = passwordHash.get();
            root();
            industries();
            regions();
            departments();
            List<Project> list = projects();
            enterprisesAndOwners(list);
            enterpriseUsersAndObservers();
            insertRegions();
            insert("INSERT INTO organization (id, kind, name, short_name, credit_code, region_id) VALUES (?, ?, ?, ?, ?, ?)",
                    new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BIGINT}, organizationRows);
            insert("INSERT INTO app_user (id, username, display_name, title, phone, password_hash, role, region_id, organization_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.BIGINT}, userRows);
            insertProjects();
            annualLists();
            startBatches();
            history();
            loop();
            return new GeneratedData(rootId, regionsCreated, usersCreated, projects.size());
        }

        // ------------------------------------------------------------ regions

        private void root() {
            List<Map<String, Object>> roots = jdbc.queryForList(
                    "SELECT id, code, name, short_name, path FROM region WHERE parent_id IS NULL AND valid_to IS NULL ORDER BY id LIMIT 1");
            regionCodes.addAll(jdbc.queryForList("SELECT code FROM region", String.class));
            if (roots.isEmpty()) {
                rootId = ids("region", 1)[0];
                rootName = Names.ROOT_NAME;
                rootShort = Names.ROOT_SHORT;
                rootCode = claimCode(Names.ROOT_CODE);
                rootPath = "/" + rootId + "/";
                regionRows.add(new Object[] {rootId, rootCode, rootName, rootShort, "CITY", "CITY", null, rootPath, 0});
            } else {
                Map<String, Object> r = roots.get(0);
                rootId = ((Number) r.get("id")).longValue();
                rootName = (String) r.get("name");
                rootShort = r.get("short_name") == null ? Names.regionShortName(rootName) : (String) r.get("short_name");
                rootCode = (String) r.get("code");
                rootPath = (String) r.get("path");
            }
        }

        private String claimCode(String code) {
            String c = code;
            for (int k = 2; !regionCodes.add(c); k++) {
                c = code + "-" + k;
            }
            return c;
        }

        private void regions() {
            Set<String> takenShort = new HashSet<>(jdbc.queryForList(
                    "SELECT coalesce(short_name, name) FROM region WHERE parent_id = ? AND valid_to IS NULL", String.class, rootId));
            takenShort.add(rootShort);
            String[] kinds = {"DISTRICT", "COUNTY", "DISTRICT", "ZONE", "COUNTY", "DISTRICT", "COUNTY_CITY", "COUNTY", "ZONE", "DISTRICT", "COUNTY", "COUNTY_CITY"};
            String prefix = (rootCode.length() >= 4 ? rootCode.substring(0, 4) : (rootCode + "0000").substring(0, 4));
            long[] countyIds = ids("region", spec.counties());
            // each generation continues the grid of county boundaries beside the counties already there
            int firstCell = jdbc.queryForObject("SELECT count(*) FROM region WHERE parent_id = ? AND level = 'COUNTY'", Integer.class, rootId);
            int codeNumber = 1;
            for (int i = 0; i < spec.counties(); i++) {
                County c = new County();
                c.id = countyIds[i];
                c.kind = kinds[i % kinds.length];
                String[] pool = switch (c.kind) {
                    case "DISTRICT" -> Names.DISTRICT_BASES;
                    case "COUNTY" -> Names.COUNTY_BASES;
                    case "COUNTY_CITY" -> Names.COUNTY_CITY_BASES;
                    default -> Names.ZONE_BASES;
                };
                c.shortName = freeBase(pool, takenShort);
                c.name = c.shortName + switch (c.kind) {
                    case "DISTRICT" -> "区";
                    case "COUNTY" -> "县";
                    case "COUNTY_CITY" -> "市";
                    default -> dice.pick(Names.ZONE_SUFFIXES);
                };
                String code;
                do {
                    code = prefix + String.format("%02d", codeNumber++);
                } while (regionCodes.contains(code));
                c.code = claimCode(code);
                c.cell = firstCell + i;
                double[] centre = CountyGrid.centre(c.cell);
                c.lon = centre[0];
                c.lat = centre[1];
                c.season = MonthlyHistory.season(dice);
                c.weight = dice.uniform(0.5, 2.0) * (c.kind.equals("ZONE") ? 1.3 : 1.0);
                String path = rootPath + c.id + "/";
                regionRows.add(new Object[] {c.id, c.code, c.name, c.shortName, "COUNTY", c.kind, rootId, path, i + 1});
                int towns = dice.between(3, 8);
                long[] townIds = ids("region", towns);
                Set<String> townBases = new HashSet<>();
                boolean urban = c.kind.equals("DISTRICT") || c.kind.equals("ZONE");
                for (int t = 0; t < towns; t++) {
                    String base = freeBase(Names.TOWN_BASES, townBases);
                    boolean street = dice.chance(urban ? 0.8 : 0.3);
                    String suffix = street ? "街道" : (dice.chance(0.8) ? "镇" : "乡");
                    Town town = new Town(townIds[t], base + suffix, base);
                    c.towns.add(town);
                    regionRows.add(new Object[] {town.id(), claimCode(c.code + String.format("%03d", t + 1)), town.name(), base,
                            "TOWN", street ? "STREET" : "TOWN", c.id, path + town.id() + "/", t + 1});
                }
                counties.add(c);
            }
        }

        /** A name base not yet taken: from the pool while it lasts, then composed. */
        private String freeBase(String[] pool, Set<String> taken) {
            for (int attempt = 0; attempt < pool.length * 2; attempt++) {
                String b = dice.pick(pool);
                if (taken.add(b)) {
                    return b;
                }
            }
            while (true) {
                String b = dice.pick(Names.BRAND_FIRST) + dice.pick(Names.TOWN_BASES).substring(0, 1);
                if (taken.add(b)) {
                    return b;
                }
            }
        }

        private void insertRegions() {
            regionsCreated = regionRows.size();
            insert("INSERT INTO region (id, code, name, short_name, level, kind, parent_id, path, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.INTEGER},
                    regionRows);
            // the demo city's own fictional boundaries (一张图), one cell of the grid per county
            jdbc.batchUpdate("INSERT INTO region_boundary (region_id, geojson) VALUES (?, CAST(? AS jsonb))",
                    counties.stream().map(c -> new Object[] {c.id, CountyGrid.polygon(c.cell)}).toList());
        }

        // ------------------------------------------------------------ organisations and people

        private void industries() {
            List<String> all = new ArrayList<>();
            all.addAll(List.of(Names.INDUSTRIAL));
            all.addAll(List.of(Names.INFRASTRUCTURE));
            all.addAll(List.of(Names.SOCIAL));
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                String name = all.get(i);
                String category = List.of(Names.INDUSTRIAL).contains(name) ? "INDUSTRIAL"
                        : List.of(Names.INFRASTRUCTURE).contains(name) ? "INFRASTRUCTURE" : "SOCIAL";
                rows.add(new Object[] {name, (i + 1) * 10, category, Names.MANUFACTURING.contains(name)});
            }
            // each industry under its category, so that a ledger naming only the industry gives the category
            jdbc.batchUpdate("INSERT INTO industry (name, sort_order, category, manufacturing) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                    rows, new int[] {Types.VARCHAR, Types.INTEGER, Types.VARCHAR, Types.BOOLEAN});
            Map<String, Long> byName = new HashMap<>();
            jdbc.query("SELECT id, name FROM industry", rs -> {
                byName.put(rs.getString("name"), rs.getLong("id"));
            });
            for (String name : all) {
                industries.put(name, byName.get(name));
            }
        }

        private void departments() {
            jdbc.query("SELECT id, name FROM organization WHERE kind = 'DEPARTMENT'", rs -> {
                departmentsByName.put(rs.getString("name"), rs.getLong("id"));
            });
            for (String[] d : Names.CITY_DEPARTMENTS) {
                cityDepartments.add(department(d[0], d[1], rootId));
            }
            for (County c : counties) {
                String[][] depts = c.kind.equals("ZONE") ? Names.ZONE_DEPARTMENTS : Names.COUNTY_DEPARTMENTS;
                for (String[] d : depts) {
                    c.departments.add(department(c.name + d[0], c.name + d[1], c.id));
                }
            }
        }

        private long department(String name, String shortName, long regionId) {
            Long existing = departmentsByName.get(name);
            if (existing != null) {
                return existing;
            }
            long id = nextId("organization");
            departmentsByName.put(name, id);
            organizationRows.add(new Object[] {id, "DEPARTMENT", name, shortName, null, regionId});
            return id;
        }

        private void enterprisesAndOwners(List<Project> list) {
            enterpriseNames.addAll(jdbc.queryForList("SELECT name FROM organization WHERE kind = 'ENTERPRISE'", String.class));
            // about one enterprise per 1.5 projects: a project founds a new owner two times in three
            for (Project p : list) {
                List<Long> same = enterprisesByIndustry.computeIfAbsent(p.industry, k -> new ArrayList<>());
                Long owner = same.isEmpty() || dice.chance(1 / 1.5) ? null : dice.pick(same);
                if (owner == null) {
                    owner = enterprise(p);
                    same.add(owner);
                }
                ownerOf.put(p, owner);
            }
        }

        private long enterprise(Project p) {
            String[] trades = Names.TRADE_WORDS.get(p.industry);
            boolean platform = !p.category.equals("INDUSTRIAL") && dice.chance(0.4);
            String name;
            String shortName;
            String brand;
            int attempt = 0;
            do {
                String trade = dice.pick(trades);
                String prefix = dice.chance(0.5) ? p.county.shortName : rootShort;
                if (platform && attempt < 3) {
                    brand = prefix;
                    shortName = prefix + trade;
                    name = shortName + dice.pick(new String[] {"集团有限公司", "有限公司", "发展有限公司"});
                } else {
                    brand = dice.pick(Names.BRAND_FIRST) + dice.pick(Names.BRAND_SECOND) + (attempt > 20 ? dice.pick(Names.BRAND_SECOND) : "");
                    shortName = brand + trade;
                    double r = dice.uniform(0, 1);
                    name = (r < 0.4 ? p.county.shortName : r < 0.7 ? rootShort : "") + shortName + dice.pick(Names.COMPANY_SUFFIXES);
                }
                attempt++;
            } while (!enterpriseNames.add(name));
            long id = nextId("organization");
            organizationRows.add(new Object[] {id, "ENTERPRISE", name, shortName, creditCode(p.county.code), p.county.id});
            enterprises.add(id);
            enterpriseBrand.put(id, brand);
            enterpriseRegion.put(id, p.county.id);
            return id;
        }

        private String creditCode(String regionCode) {
            String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
            StringBuilder sb = new StringBuilder("91").append((regionCode + "000000").substring(0, 6));
            while (sb.length() < 18) {
                sb.append(alphabet.charAt(dice.below(alphabet.length())));
            }
            return sb.toString();
        }

        private String personName() {
            return dice.pick(Names.SURNAMES) + dice.pick(Names.GIVEN_NAMES);
        }

        private long user(String username, String displayName, String title, String role, long regionId, Long organizationId) {
            String u = username;
            for (int k = 2; !usernames.add(u); k++) {
                u = username + "_" + k;
            }
            long id = nextId("app_user");
            String phone = "1" + dice.pick(new String[] {"39", "38", "37", "58", "59", "86", "88"}) + String.format("%08d", dice.below(100_000_000));
            userRows.add(new Object[] {id, u, displayName, title, phone, hash, role, regionId, organizationId});
            usersCreated++;
            return id;
        }

        /**
         * People are needed before projects are assigned to them, but enterprise users need the
         * enterprises: so leaders, commissioners and coordinators are made first (see
         * {@link #people()}), enterprise users here.
         */
        private void enterpriseUsersAndObservers() {
            int others = userRows.size() + 2;
            int enterpriseUsers = Math.min((int) Math.ceil(enterprises.size() * 0.25), Math.max(0, 3000 - others));
            List<Long> shuffled = new ArrayList<>(enterprises);
            dice.shuffle(shuffled);
            for (int i = 0; i < enterpriseUsers; i++) {
                long org = shuffled.get(i);
                user(String.format("qy%04d", i + 1), personName(), "项目经理", "ENTERPRISE", enterpriseRegion.get(org), org);
            }
            user("gc1", personName(), "市政府督查室", "OBSERVER", rootId, null);
            user("gc2", personName(), "市统计局", "OBSERVER", rootId, null);
        }

        private void people() {
            existingUsernames();
            Long fgw = cityDepartments.get(0);
            coordinators.add(user("fgw1", personName(), "市发改委项目科科长", "COORDINATOR", rootId, fgw));
            coordinators.add(user("fgw2", personName(), "市发改委项目科科员", "COORDINATOR", rootId, fgw));
            for (int i = 0; i < counties.size(); i++) {
                County c = counties.get(i);
                c.coordinator = user(String.format("county%02d", i + 1), personName(), c.name + "发改局项目股股长", "COORDINATOR", c.id, c.departments.get(0));
            }
            int leaderNo = 1;
            int cityLeaderCount = spec.projects() >= 10_000 ? 8 : 6;
            for (int i = 0; i < cityLeaderCount; i++) {
                String title = i == 0 ? "市委常委、常务副市长" : "副市长";
                cityLeaders.add(user(String.format("ld%03d", leaderNo++), personName(), title, "LEADER", rootId, null));
            }
            for (County c : counties) {
                String title = switch (c.kind) {
                    case "DISTRICT" -> "副区长";
                    case "COUNTY" -> "副县长";
                    case "COUNTY_CITY" -> "副市长";
                    default -> "管委会副主任";
                };
                for (int i = 0; i < 2; i++) {
                    c.leaders.add(user(String.format("ld%03d", leaderNo++), personName(), c.name + title, "LEADER", c.id, null));
                }
            }
            int commissioners = Math.max(2 * counties.size(), Math.min(1200, spec.projects() / 60));
            double weights = counties.stream().mapToDouble(c -> c.weight).sum();
            int no = 1;
            for (County c : counties) {
                int n = Math.max(2, (int) Math.round(commissioners * c.weight / weights));
                for (int i = 0; i < n; i++) {
                    c.commissioners.add(user(String.format("zy%03d", no++), personName(), "项目专员", "COMMISSIONER", c.id, null));
                }
            }
            int bm = 1;
            for (int i = 0; i < cityDepartments.size(); i++) {
                user(String.format("bm%03d", bm++), personName(), Names.CITY_DEPARTMENTS[i][1] + "项目联络员", "DEPARTMENT", rootId, cityDepartments.get(i));
            }
            for (County c : counties) {
                for (int i = 0; i < 2; i++) {
                    user(String.format("bm%03d", bm++), personName(), "项目联络员", "DEPARTMENT", c.id, c.departments.get(i));
                }
            }
        }

        private void existingUsernames() {
            usernames.addAll(jdbc.queryForList("SELECT username FROM app_user WHERE username IS NOT NULL", String.class));
        }

        // ------------------------------------------------------------ projects

        private List<Project> projects() {
            people();
            int subs = spec.projects() >= 50 ? (int) Math.round(spec.projects() * 0.02) : 0;
            List<Integer> packages = new ArrayList<>();
            while (subs >= 2) {
                int k = Math.min(dice.between(2, 4), subs);
                if (subs - k == 1) {
                    k = k < 4 ? k + 1 : k - 1;
                }
                packages.add(k);
                subs -= k;
            }
            int plain = spec.projects() - packages.size() - packages.stream().mapToInt(Integer::intValue).sum();
            double[] countyWeights = counties.stream().mapToDouble(c -> c.weight).toArray();
            for (int i = 0; i < plain; i++) {
                Project p = new Project();
                p.county = counties.get(dice.weighted(countyWeights));
                p.town = dice.pick(p.county.towns);
                category(p, null);
                p.total = investment();
                stageAndAnchors(p);
                projects.add(p);
            }
            for (int k : packages) {
                Project pkg = new Project();
                pkg.isPackage = true;
                pkg.county = counties.get(dice.weighted(countyWeights));
                pkg.town = dice.pick(pkg.county.towns);
                category(pkg, dice.pick(new String[] {"城市基础设施", "保障性住房", "水利", "教育"}));
                stageAndAnchors(pkg);
                projects.add(pkg);
                BigDecimal sum = BigDecimal.ZERO;
                for (int j = 0; j < k; j++) {
                    Project sub = new Project();
                    sub.pkg = pkg;
                    sub.county = pkg.county;
                    sub.town = pkg.county.towns.get(j % pkg.county.towns.size());
                    sub.category = pkg.category;
                    sub.industry = pkg.industry;
                    sub.total = amount(dice.logUniform(800, 15000));
                    sum = sum.add(sub.total);
                    copyAnchors(pkg, sub);
                    projects.add(sub);
                }
                pkg.total = sum;
            }
            startBatchCandidates();
            long[] projectIds = ids("project", projects.size());
            for (int i = 0; i < projects.size(); i++) {
                Project p = projects.get(i);
                p.id = projectIds[i];
                if (p.pkg == null) {
                    p.chain = chain(p);
                } else {
                    p.chain = p.pkg.chain;
                }
                plannedDates(p);
            }
            return projects;
        }

        private void category(Project p, String forcedIndustry) {
            if (forcedIndustry != null) {
                p.industry = forcedIndustry;
                p.category = List.of(Names.SOCIAL).contains(forcedIndustry) ? "SOCIAL" : "INFRASTRUCTURE";
            } else {
                double r = dice.uniform(0, 1);
                p.category = r < 0.55 ? "INDUSTRIAL" : r < 0.80 ? "INFRASTRUCTURE" : "SOCIAL";
                p.industry = dice.pick(switch (p.category) {
                    case "INDUSTRIAL" -> Names.INDUSTRIAL;
                    case "INFRASTRUCTURE" -> Names.INFRASTRUCTURE;
                    default -> Names.SOCIAL;
                });
            }
            p.manufacturing = p.category.equals("INDUSTRIAL")
                    && (Names.MANUFACTURING.contains(p.industry) ? dice.chance(0.9) : p.industry.equals("新能源") && dice.chance(0.5));
        }

        /** 万元: ~10% of 5亿 and more, ~30% of 1–5亿, the rest 500万–1亿. */
        private BigDecimal investment() {
            double r = dice.uniform(0, 1);
            double wan = r < 0.10 ? dice.logUniform(50000, 800000) : r < 0.40 ? dice.logUniform(10000, 50000) : dice.logUniform(500, 10000);
            return amount(wan);
        }

        private BigDecimal amount(double wan) {
            double r = dice.uniform(0, 1);
            int scale = r < 0.55 ? 0 : r < 0.85 ? 1 : r < 0.95 ? 2 : 4;
            BigDecimal a = BigDecimal.valueOf(wan).setScale(scale, RoundingMode.HALF_UP);
            return a.compareTo(BigDecimal.valueOf(500)) < 0 ? BigDecimal.valueOf(500) : a;
        }

        private void stageAndAnchors(Project p) {
            p.stage = Stage.values()[dice.weighted(new double[] {10, 8, 17, 40, 32, 4, 4})];
            p.viaSigned = p.category.equals("INDUSTRIAL") ? dice.chance(0.75) : dice.chance(0.1);
            LocalDate y1 = yearStart.minusYears(1);
            switch (p.stage) {
                case RESERVE -> p.lastDate = dice.day(yearStart.minusYears(2), asOf.minusDays(1));
                case SIGNED, PREPARATION -> p.lastDate = dice.day(y1.withMonth(3), asOf.minusDays(1));
                case CONSTRUCTION -> {
                    p.actualStart = dice.chance(0.5)
                            ? dice.day(yearStart.minusYears(HISTORY_YEARS).withMonth(3), y1.withMonth(10).withDayOfMonth(31))
                            : dice.day(yearStart.withMonth(2).withDayOfMonth(15), asOf.minusDays(5));
                    if (dice.chance(0.05) && !p.actualStart.isAfter(asOf.minusDays(100))) {
                        p.suspendedOn = dice.day(p.actualStart.plusDays(30), asOf.minusDays(60));
                        p.resumedOn = dice.day(p.suspendedOn.plusDays(20), asOf.minusDays(1));
                    }
                }
                case COMPLETED -> {
                    if (dice.chance(0.85)) {
                        // built over the history's years: each year's list holds projects completed since
                        p.actualStart = dice.day(yearStart.minusYears(HISTORY_YEARS + 2).withMonth(3), y1.withMonth(6).withDayOfMonth(30));
                        LocalDate historyStart = yearStart.minusYears(HISTORY_YEARS);
                        LocalDate earliest = p.actualStart.plusDays(150).isAfter(historyStart) ? p.actualStart.plusDays(150) : historyStart;
                        LocalDate latest = p.actualStart.plusYears(3).isBefore(asOf) ? p.actualStart.plusYears(3) : asOf.minusDays(1);
                        p.actualCompletion = dice.day(earliest, latest);
                    } else {
                        p.actualStart = dice.day(yearStart.withMonth(2).withDayOfMonth(15), yearStart.withMonth(4).withDayOfMonth(30));
                        p.actualCompletion = dice.day(p.actualStart.plusDays(30), asOf.minusDays(1));
                    }
                }
                case SUSPENDED -> {
                    p.fromConstruction = dice.chance(0.6);
                    if (p.fromConstruction) {
                        p.actualStart = dice.day(yearStart.minusYears(3).withMonth(3), yearStart.withMonth(4).withDayOfMonth(30));
                        p.lastDate = dice.day(p.actualStart.plusDays(60), asOf.minusDays(1));
                    } else {
                        p.lastDate = dice.day(y1.withMonth(6), asOf.minusDays(1));
                    }
                }
                case WITHDRAWN -> {
                    List<Stage> from = new ArrayList<>(List.of(Stage.RESERVE, Stage.PREPARATION));
                    if (p.viaSigned) {
                        from.add(Stage.SIGNED);
                    }
                    p.withdrawnFrom = dice.pick(from);
                    p.lastDate = dice.day(y1, asOf.minusDays(1));
                }
            }
            p.nature = p.actualStart != null && p.actualStart.isBefore(yearStart) ? "CONTINUING" : "NEW";
            p.investedBefore = p.nature.equals("CONTINUING") ? dice.uniform(0.15, 0.7) : 0;
        }

        private void copyAnchors(Project from, Project to) {
            to.stage = from.stage;
            to.nature = from.nature;
            to.viaSigned = from.viaSigned;
            to.actualStart = from.actualStart;
            to.actualCompletion = from.actualCompletion;
            to.lastDate = from.lastDate;
            to.suspendedOn = from.suspendedOn;
            to.resumedOn = from.resumedOn;
            to.withdrawnFrom = from.withdrawnFrom;
            to.fromConstruction = from.fromConstruction;
            to.investedBefore = from.investedBefore;
        }

        /** A legal chain of dated transitions ending in the project's stage. */
        private List<Change> chain(Project p) {
            List<Stage> lead = new ArrayList<>();
            lead.add(Stage.RESERVE);
            if (p.viaSigned) {
                lead.add(Stage.SIGNED);
            }
            lead.add(Stage.PREPARATION);
            List<Stage> path = new ArrayList<>();
            LocalDate anchor;
            List<Change> after = new ArrayList<>();
            switch (p.stage) {
                case RESERVE -> {
                    path.add(Stage.RESERVE);
                    anchor = p.lastDate;
                }
                case SIGNED -> {
                    path.addAll(List.of(Stage.RESERVE, Stage.SIGNED));
                    anchor = p.lastDate;
                }
                case PREPARATION -> {
                    path.addAll(lead);
                    anchor = p.lastDate;
                }
                case WITHDRAWN -> {
                    path.addAll(lead.subList(0, lead.indexOf(p.withdrawnFrom) + 1));
                    anchor = p.lastDate.minusDays(dice.between(30, 240));
                    after.add(new Change(p.withdrawnFrom, Stage.WITHDRAWN, p.lastDate));
                }
                case SUSPENDED -> {
                    path.addAll(lead);
                    if (p.fromConstruction) {
                        path.add(Stage.CONSTRUCTION);
                        anchor = p.actualStart;
                        after.add(new Change(Stage.CONSTRUCTION, Stage.SUSPENDED, p.lastDate));
                    } else {
                        anchor = p.lastDate.minusDays(dice.between(30, 200));
                        after.add(new Change(Stage.PREPARATION, Stage.SUSPENDED, p.lastDate));
                    }
                }
                default -> {
                    path.addAll(lead);
                    path.add(Stage.CONSTRUCTION);
                    anchor = p.actualStart;
                    if (p.suspendedOn != null) {
                        after.add(new Change(Stage.CONSTRUCTION, Stage.SUSPENDED, p.suspendedOn));
                        after.add(new Change(Stage.SUSPENDED, Stage.CONSTRUCTION, p.resumedOn));
                    }
                    if (p.stage == Stage.COMPLETED) {
                        after.add(new Change(Stage.CONSTRUCTION, Stage.COMPLETED, p.actualCompletion));
                    }
                }
            }
            // walk back from the anchor: the earlier a stage, the further back
            LocalDate[] days = new LocalDate[path.size()];
            days[path.size() - 1] = anchor;
            for (int i = path.size() - 2; i >= 0; i--) {
                int gap = switch (path.get(i + 1)) {
                    case CONSTRUCTION -> dice.between(45, 300);
                    case PREPARATION -> dice.between(20, 150);
                    default -> dice.between(30, 365);
                };
                days[i] = days[i + 1].minusDays(gap);
            }
            List<Change> chain = new ArrayList<>();
            for (int i = 0; i < path.size(); i++) {
                chain.add(new Change(i == 0 ? null : path.get(i - 1), path.get(i), days[i]));
            }
            chain.addAll(after);
            return chain;
        }

        private void plannedDates(Project p) {
            int months = switch (p.tier()) {
                case "CITY" -> dice.between(18, 48);
                case "COUNTY" -> dice.between(12, 30);
                default -> dice.between(6, 18);
            };
            if (p.actualStart != null) {
                p.plannedStart = p.actualStart.plusDays(dice.between(-40, 25));
            } else {
                p.plannedStart = switch (p.stage) {
                    case RESERVE -> dice.day(yearStart.withMonth(7), yearStart.plusYears(1).withMonth(12).withDayOfMonth(31));
                    case SUSPENDED -> dice.day(yearStart.minusMonths(3), yearStart.withMonth(9).withDayOfMonth(30));
                    case WITHDRAWN -> p.lastDate.plusDays(dice.between(-200, 200));
                    default -> dice.day(yearStart.withMonth(3), yearStart.withMonth(12).withDayOfMonth(31));
                };
            }
            p.plannedCompletion = p.plannedStart.plusMonths(months);
            if (p.nature.equals("CONTINUING") && p.actualCompletion == null) {
                // still being built after a year or more: due this year or within the next two
                LocalDate earliest = p.plannedStart.plusMonths(12);
                p.plannedCompletion = dice.day(earliest.isAfter(yearStart.withMonth(3)) ? earliest : yearStart.withMonth(3),
                        yearStart.plusYears(2).withMonth(12).withDayOfMonth(31));
            }
            if (p.actualCompletion != null) {
                LocalDate c = p.actualCompletion.plusDays(dice.between(-60, 90));
                p.plannedCompletion = c.isBefore(p.plannedStart) ? p.plannedStart.plusDays(30) : c;
            }
        }

        /** Names, texts and the people of 五个一 (one leader, department, commissioner, plan). */
        private void textsAndPeople(ProjectTexts texts) {
            for (Project p : projects) {
                Long owner = ownerOf.get(p);
                String brand = p.category.equals("INDUSTRIAL") && dice.chance(0.5) ? enterpriseBrand.get(owner) : null;
                String name;
                if (p.isPackage) {
                    p.subject = texts.packageSubject(p.industry);
                    name = p.county.name + year + "年" + p.subject + "打包项目";
                } else if (p.pkg != null) {
                    name = p.county.name + p.town.shortName() + p.pkg.subject + "工程";
                } else {
                    name = texts.name(p.industry, p.total.doubleValue(), brand, p.county.shortName, p.county.name, p.town.shortName());
                }
                String content = texts.contentScale(p.industry, name, p.total.doubleValue());
                String address = p.county.name + p.town.name() + dice.pick(Names.ROADS) + dice.between(1, 999) + "号";
                String plan = texts.promotionPlan(year, p.plannedStart, p.plannedCompletion, p.actualStart, p.actualCompletion);
                String taskForce = name.replaceAll("(项目|工程)(（[一二]期）)?$", "$2") + "工作专班";
                text.put(p, new String[] {name, content, address, plan, taskForce});

                boolean reserve = p.stage == Stage.RESERVE;
                Long leader = null;
                if (dice.chance(reserve ? 0.7 : 0.92)) {
                    boolean city = p.tier().equals("CITY") ? dice.chance(0.7) : dice.chance(0.05);
                    leader = city ? dice.pick(cityLeaders) : dice.pick(p.county.leaders);
                }
                Long department = null;
                if (dice.chance(reserve ? 0.7 : 0.92)) {
                    boolean city = p.tier().equals("CITY") || dice.chance(0.3);
                    department = city
                            ? cityDepartments.get(dice.pick(toList(Names.DEPARTMENTS_FOR.get(p.industry))))
                            : dice.pick(p.county.departments);
                }
                Long commissioner = dice.chance(reserve ? 0.5 : 0.88) ? dice.pick(p.county.commissioners) : null;
                assigned.put(p, new long[] {nz(leader), nz(department), nz(commissioner)});
            }
        }

        private List<Integer> toList(int[] a) {
            List<Integer> l = new ArrayList<>();
            for (int i : a) {
                l.add(i);
            }
            return l;
        }

        private long nz(Long v) {
            return v == null ? 0 : v;
        }

        private Long orNull(long v) {
            return v == 0 ? null : v;
        }

        private void insertProjects() {
            ProjectTexts texts = new ProjectTexts(dice, rootShort);
            textsAndPeople(texts);
            Set<String> codes = new HashSet<>(jdbc.queryForList("SELECT code FROM project WHERE code LIKE 'KP%'", String.class));
            List<Object[]> rows = new ArrayList<>(projects.size());
            List<Object[]> changes = new ArrayList<>(projects.size() * 4);
            List<Object[]> periods = new ArrayList<>(projects.size());
            for (Project p : projects) {
                String code = "KP" + year + String.format("%06d", p.id);
                for (int k = 2; !codes.add(code); k++) {
                    code = "KP" + year + String.format("%06d", p.id) + "-" + k;
                }
                String[] t = text.get(p);
                long[] who = assigned.get(p);
                County c = p.county;
                long regionId = dice.chance(0.8) ? p.town.id() : c.id;
                double[] point = CountyGrid.pointIn(c.cell, dice);
                BigDecimal lon = BigDecimal.valueOf(point[0]).setScale(6, RoundingMode.HALF_UP);
                BigDecimal lat = BigDecimal.valueOf(point[1]).setScale(6, RoundingMode.HALF_UP);
                LocalDate last = p.chain.get(p.chain.size() - 1).on();
                boolean active = p.stage == Stage.CONSTRUCTION || p.stage == Stage.PREPARATION || p.stage == Stage.SIGNED;
                OffsetDateTime createdAt = at(p.createdOn(), 9, 17);
                OffsetDateTime updatedAt = at(active ? dice.day(last, asOf) : last, 8, 20);
                rows.add(new Object[] {p.id, code, t[0], ownerOf.get(p), regionId, t[2], lon, lat, t[1], p.nature, p.category,
                        p.manufacturing, industries.get(p.industry), p.total, p.stage.name(), p.plannedStart, p.plannedCompletion,
                        p.actualStart, p.actualCompletion, orNull(who[0]), orNull(who[1]), orNull(who[2]), t[4], t[3],
                        p.pkg == null ? null : p.pkg.id, createdAt, updatedAt.isBefore(createdAt) ? createdAt : updatedAt});
                for (Change ch : p.chain) {
                    Long by = dice.chance(0.6) ? (dice.chance(0.5) ? dice.pick(coordinators) : c.coordinator) : null;
                    changes.add(new Object[] {p.id, ch.from() == null ? null : ch.from().name(), ch.to().name(), ch.on(),
                            at(ch.on(), 9, 18), by, note(ch)});
                }
                periods.add(new Object[] {p.id, regionId, p.createdOn()});
            }
            insert("""
                    INSERT INTO project (id, code, name, owner_id, region_id, address, longitude, latitude, content_scale, nature,
                        category, manufacturing, industry_id, total_investment, stage, planned_start_date, planned_completion_date,
                        actual_start_date, actual_completion_date, leader_id, department_id, commissioner_id, task_force,
                        promotion_plan, package_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.NUMERIC,
                            Types.NUMERIC, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN, Types.BIGINT, Types.NUMERIC,
                            Types.VARCHAR, Types.DATE, Types.DATE, Types.DATE, Types.DATE, Types.BIGINT, Types.BIGINT, Types.BIGINT,
                            Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP_WITH_TIMEZONE},
                    rows);
            insert("INSERT INTO project_stage_change (project_id, from_stage, to_stage, effective_on, recorded_at, recorded_by, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    new int[] {Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.DATE, Types.TIMESTAMP_WITH_TIMEZONE, Types.BIGINT, Types.VARCHAR},
                    changes);
            insert("INSERT INTO project_region_period (project_id, region_id, valid_from) VALUES (?, ?, ?)",
                    new int[] {Types.BIGINT, Types.BIGINT, Types.DATE}, periods);
        }

        private String note(Change ch) {
            return switch (ch.to()) {
                case RESERVE -> "纳入项目库";
                case SIGNED -> "签订投资协议";
                case PREPARATION -> "启动前期手续办理";
                case CONSTRUCTION -> ch.from() == Stage.SUSPENDED ? "复工建设" : "开工建设";
                case COMPLETED -> "竣工投产";
                case SUSPENDED -> dice.pick(new String[] {"资金未落实，暂停建设", "规划调整，暂缓实施", "市场变化，企业暂缓投资"});
                case WITHDRAWN -> dice.pick(new String[] {"企业放弃投资", "项目合并至其他项目", "不再符合重点项目条件"});
            };
        }

        private OffsetDateTime at(LocalDate day, int fromHour, int toHour) {
            return OffsetDateTime.of(day, LocalTime.of(dice.between(fromHour, toHour - 1), dice.below(60), dice.below(60)), SHANGHAI);
        }

        // ------------------------------------------------------------ annual lists and start batches

        private long list(int listYear, String level, long regionId, int batch, String name, LocalDate publishedOn) {
            jdbc.update("""
                    INSERT INTO annual_list (year, level, region_id, batch, name, published_on) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (year, level, region_id, batch) DO NOTHING""", listYear, level, regionId, batch, name, publishedOn);
            return jdbc.queryForObject("SELECT id FROM annual_list WHERE year = ? AND level = ? AND region_id = ? AND batch = ?",
                    Long.class, listYear, level, regionId, batch);
        }

        private void annualLists() {
            List<Object[]> entries = new ArrayList<>();
            for (int y = year - HISTORY_YEARS; y <= year; y++) {
                LocalDate start = LocalDate.of(y, 1, 1);
                long city1 = list(y, "CITY", rootId, 1, y + "年市级重点项目清单（第一批）", start.withMonth(2).withDayOfMonth(20));
                long city2 = list(y, "CITY", rootId, 2, y + "年市级重点项目清单（第二批）", start.withMonth(5).withDayOfMonth(15));
                long province = list(y, "PROVINCE", rootId, 1, y + "年省重点项目清单（" + rootName + "）", start.withMonth(2).withDayOfMonth(10));
                Map<County, Long> countyLists = new HashMap<>();
                for (County c : counties) {
                    countyLists.put(c, list(y, "COUNTY", c.id, 1, c.name + y + "年重点项目清单", start.withMonth(3).withDayOfMonth(1)));
                }
                for (Project p : projects) {
                    if (p.pkg != null) {
                        continue; // a package sits on the list as one entry for its sub-projects
                    }
                    Entry e = y == year ? entryThisYear(p) : entryBefore(p, y);
                    if (e == null) {
                        continue;
                    }
                    int listed = entries.size();
                    if (dice.chance(0.7)) {
                        boolean second = p.createdOn().isAfter(start.withMonth(2)) || dice.chance(0.15);
                        entries.add(e.row(second ? city2 : city1, y, "CITY", p));
                    }
                    if (dice.chance(0.6)) {
                        entries.add(e.row(countyLists.get(p.county), y, "COUNTY", p));
                    }
                    if (dice.chance(p.tier().equals("CITY") ? 0.3 : 0.02)) {
                        entries.add(e.row(province, y, "PROVINCE", p));
                    }
                    if (entries.size() > listed) {
                        yearRows.add(yearRow(p, y, e));
                    }
                }
            }
            insert("INSERT INTO annual_list_entry (list_id, project_id, year, level, planned_investment, target, planned_start_month) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    new int[] {Types.BIGINT, Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.NUMERIC, Types.VARCHAR, Types.INTEGER},
                    entries);
        }

        private record Entry(BigDecimal planned, String target, Integer month) {
            Object[] row(long listId, int year, String level, Project p) {
                return new Object[] {listId, p.id, year, level, planned, target, month};
            }
        }

        private Entry entryThisYear(Project p) {
            if (p.stage == Stage.RESERVE || p.stage == Stage.WITHDRAWN
                    || (p.actualCompletion != null && p.actualCompletion.isBefore(yearStart))) {
                return null;
            }
            BigDecimal total = p.total;
            BigDecimal remaining = total.multiply(BigDecimal.valueOf(1 - p.investedBefore));
            if (p.nature.equals("NEW")) {
                int month = p.plannedStart.getYear() == year ? p.plannedStart.getMonthValue() : dice.between(3, 10);
                return new Entry(share(total, 0.2, 0.6), "START", month);
            }
            boolean completing = p.actualCompletion != null || p.plannedCompletion.getYear() <= year;
            return completing
                    ? new Entry(share(remaining, 0.8, 1.0), "COMPLETE", null)
                    : new Entry(share(remaining, 0.3, 0.8), "CONTINUE", null);
        }

        private Entry entryBefore(Project p, int y) {
            LocalDate lastYearStart = LocalDate.of(y, 1, 1);
            LocalDate lastYearEnd = LocalDate.of(y, 12, 31);
            if (p.createdOn().isAfter(lastYearEnd.minusMonths(1))) {
                return null;
            }
            Stage s = p.stageOn(lastYearEnd);
            if (s == null || s == Stage.RESERVE || s == Stage.WITHDRAWN
                    || (p.actualCompletion != null && p.actualCompletion.isBefore(lastYearStart))) {
                return null;
            }
            if (p.actualStart == null || !p.actualStart.isBefore(lastYearStart)) {
                boolean startedLastYear = p.actualStart != null && p.actualStart.getYear() == y;
                // planned to start last year but did not (未按计划开工): a minority
                if (!startedLastYear && (s != Stage.PREPARATION || !dice.chance(0.4))) {
                    return null;
                }
                int month = startedLastYear ? p.actualStart.getMonthValue() : dice.between(4, 11);
                return new Entry(share(p.total, 0.1, 0.4), "START", month);
            }
            // what a past year planned is what its share of the construction time would spend, more or less
            double share = spentShare(p, lastYearStart, lastYearEnd) * dice.uniform(0.85, 1.15);
            BigDecimal planned = p.total.multiply(BigDecimal.valueOf(Math.max(0.02, Math.min(0.95, share))));
            String target = p.actualCompletion != null && p.actualCompletion.getYear() == y ? "COMPLETE" : "CONTINUE";
            return new Entry(planned.setScale(2, RoundingMode.HALF_UP), target, null);
        }

        /**
         * The share of the total spent from one day to another if the project spent evenly from its
         * actual start to its completion (actual, or as planned but at least half a year after the data date).
         */
        private double spentShare(Project p, LocalDate from, LocalDate to) {
            if (p.actualStart == null) {
                return 0;
            }
            LocalDate end = p.actualCompletion != null ? p.actualCompletion
                    : p.plannedCompletion.isAfter(asOf.plusMonths(6)) ? p.plannedCompletion : asOf.plusMonths(6);
            LocalDate a = from.isAfter(p.actualStart) ? from : p.actualStart;
            LocalDate b = to.isBefore(end) ? to : end;
            if (b.isBefore(a)) {
                return 0;
            }
            return Math.min(1, (ChronoUnit.DAYS.between(a, b) + 1) / (double) Math.max(1, ChronoUnit.DAYS.between(p.actualStart, end)));
        }

        // ------------------------------------------------------------ the monthly history

        /**
         * What a listed project does in a year: the entry's planned investment, reached, exceeded or
         * missed, spent from the month it started (or January) to the month it completed or was
         * suspended (or December); a 续建 project resumes (复工) after the Spring Festival.
         */
        private MonthlyHistory.YearRow yearRow(Project p, int y, Entry e) {
            LocalDate from = LocalDate.of(y, 1, 1);
            LocalDate to = LocalDate.of(y, 12, 31);
            BigDecimal before = spentBefore.computeIfAbsent(p, k -> k.total.multiply(
                    BigDecimal.valueOf(spentShare(k, LocalDate.of(1900, 1, 1), from.minusDays(1)))).setScale(2, RoundingMode.HALF_UP));
            double r = historyDice.uniform(0, 1);
            double factor = r < 0.15 ? historyDice.uniform(0.3, 0.7) : r < 0.27 ? historyDice.uniform(1.05, 1.25) : historyDice.uniform(0.8, 1.05);
            LocalDate resume = historyDice.day(LocalDate.of(y, 2, 10), LocalDate.of(y, 4, 10));
            LocalDate stop = p.actualCompletion != null ? p.actualCompletion
                    : p.stage == Stage.SUSPENDED && p.fromConstruction ? p.lastDate : null;
            boolean started = p.actualStart != null && !p.actualStart.isAfter(to) && (stop == null || !stop.isBefore(from));
            if (!started) {
                return new MonthlyHistory.YearRow(p.id, y, p.county.id, BigDecimal.ZERO, 1, 0, null, before);
            }
            int first = p.actualStart.isBefore(from) ? 1 : p.actualStart.getMonthValue();
            int last = stop != null && !stop.isAfter(to) ? stop.getMonthValue() : 12;
            LocalDate startedOn = p.actualStart.isBefore(from) ? resume : p.actualStart;
            if (stop != null && startedOn.isAfter(stop)) {
                startedOn = stop.minusDays(1).isBefore(from) ? from : stop.minusDays(1);
            }
            BigDecimal amount = e.planned().multiply(BigDecimal.valueOf(factor));
            BigDecimal left = p.total.subtract(before).max(BigDecimal.ZERO);
            amount = amount.min(left.max(e.planned())).setScale(2, RoundingMode.HALF_UP);
            return new MonthlyHistory.YearRow(p.id, y, p.county.id, amount, first, last, startedOn, before);
        }

        /** Opens the months, writes the reports and closes every month before June through dispatch. */
        private void history() {
            jdbc.execute(MonthlyHistory.STAGING);
            List<Object[]> seasons = new ArrayList<>();
            for (County c : counties) {
                seasons.addAll(MonthlyHistory.seasonRows(c.id, c.season));
            }
            insert("INSERT INTO gen_season (county_id, month, weight) VALUES (?, ?, ?)", MonthlyHistory.SEASON_TYPES, seasons);
            insert("INSERT INTO gen_year (project_id, year, county_id, amount, first_month, last_month, started_on, spent_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    MonthlyHistory.YEAR_TYPES, yearRows.stream().map(MonthlyHistory::row).toList());
            jdbc.execute("ANALYZE gen_year");
            LocalDate open = asOf.withDayOfMonth(1);
            LocalDate first = yearStart.minusYears(HISTORY_YEARS);
            jdbc.update(MonthlyHistory.PERIODS, rootId, coordinators.get(0), first, open);
            new NamedParameterJdbcTemplate(jdbc).update(MonthlyHistory.REPORTS,
                    Map.of("seed", spec.seed(), "root", rootId, "open", open));
            if (closing == null) {
                return;
            }
            // the closings read what this transaction wrote: let the planner know how much there is
            jdbc.execute("ANALYZE progress_report, annual_list_entry, project, project_stage_change, region");
            for (long period : jdbc.queryForList("""
                    SELECT id FROM report_period WHERE region_id = ? AND cadence = 'MONTHLY' AND state = 'OPEN'
                      AND starts_on >= ? AND starts_on < ? ORDER BY starts_on""", Long.class, rootId, first, open)) {
                closing.closeForSystem(period);
            }
        }

        // ------------------------------------------------------------ the problem loop and the services

        /**
         * Problems in every state with their steps, services over the year's months, promises of the
         * recent signings and the inbox they filled, as they stand on the last working day on or before
         * the data date ({@link LoopHistory}).
         */
        private void loop() {
            jdbc.execute(LoopHistory.STAGING);
            List<Object[]> loopProjects = new ArrayList<>(projects.size());
            for (Project p : projects) {
                boolean city = p.tier().equals("CITY");
                loopProjects.add(new Object[] {p.id, p.county.id, city ? coordinators.get(0) : p.county.coordinator, city});
            }
            insert("INSERT INTO gen_loop_project (project_id, county_id, coordinator_id, city) VALUES (?, ?, ?, ?)",
                    new int[] {Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BOOLEAN}, loopProjects);
            List<Object[]> answering = new ArrayList<>();
            for (Map.Entry<String, Integer> e : CITY_DEPARTMENT_FOR.entrySet()) {
                answering.add(new Object[] {0L, e.getKey(), cityDepartments.get(e.getValue())});
            }
            for (County c : counties) {
                for (Map.Entry<String, Integer> e : COUNTY_DEPARTMENT_FOR.entrySet()) {
                    answering.add(new Object[] {c.id, e.getKey(), c.departments.get(e.getValue())});
                }
            }
            insert("INSERT INTO gen_loop_department (county_id, category, department_id) VALUES (?, ?, ?)",
                    new int[] {Types.BIGINT, Types.VARCHAR, Types.BIGINT}, answering);
            NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
            Map<String, Object> params = new HashMap<>(Map.of("seed", spec.seed(), "asOf", asOf, "yearStart", yearStart,
                    "from", asOf.minusYears(3), "to", asOf.plusYears(2)));
            named.update(LoopHistory.WORKDAYS, params);
            LocalDate loopDay = jdbc.queryForObject("SELECT max(day) FROM gen_workday WHERE day <= ?", LocalDate.class, asOf);
            params.put("day", loopDay);
            params.put("at", OffsetDateTime.of(loopDay, LocalTime.of(8, 30), SHANGHAI));
            params.put("readBefore", OffsetDateTime.of(loopDay.minusDays(3), LocalTime.MIDNIGHT, SHANGHAI));
            jdbc.execute("ANALYZE gen_loop_project, gen_loop_department, gen_workday");
            named.update(LoopHistory.REPORT_PROBLEMS, params);
            named.update(LoopHistory.PROBLEMS, params);
            jdbc.execute("ANALYZE gen_problem");
            named.update(LoopHistory.STEPS, params);
            jdbc.execute("CREATE INDEX ON gen_step (problem_id); ANALYZE gen_step");
            jdbc.execute(LoopHistory.INSERT_PROBLEMS);
            jdbc.execute(LoopHistory.INSERT_STEPS);
            jdbc.execute("ANALYZE problem, problem_step");
            named.update(LoopHistory.STEP_NOTICES, params);
            named.update(LoopHistory.ESCALATION_NOTICES, params);
            named.update(LoopHistory.OVERDUE_NOTICES, params);
            named.update(LoopHistory.SERVICES, params);
            named.update(LoopHistory.PROMISE_SERVICES, params);
            jdbc.execute(LoopHistory.INSERT_SERVICES);
            jdbc.execute(LoopHistory.INSERT_PARTICIPANTS);
            named.update(LoopHistory.PROMISES, params);
            jdbc.execute(LoopHistory.KEEP_PROMISES);
            named.update(LoopHistory.PROMISE_NOTICES, params);
        }

        private BigDecimal share(BigDecimal of, double from, double to) {
            return of.multiply(BigDecimal.valueOf(dice.uniform(from, to))).setScale(2, RoundingMode.DOWN);
        }

        /**
         * Picks the projects started at the centralised start events (集中开工) and moves their
         * start to the event's day, before their histories are drawn.
         */
        private void startBatchCandidates() {
            List<Project> candidates = new ArrayList<>();
            for (Project p : projects) {
                if (p.pkg == null && !p.isPackage && p.stage == Stage.CONSTRUCTION && p.nature.equals("NEW") && p.suspendedOn == null) {
                    candidates.add(p);
                }
            }
            dice.shuffle(candidates);
            int count = spec.projects() >= 1000 ? 3 : 2;
            int size = Math.max(20, Math.min(100, spec.projects() / 200));
            batchDays.add(dice.day(LocalDate.of(year, 3, 15), LocalDate.of(year, 3, 28)));
            batchDays.add(dice.day(LocalDate.of(year, 4, 15), LocalDate.of(year, 4, 28)));
            batchDays.add(dice.day(LocalDate.of(year, 6, 10), LocalDate.of(year, 6, 20)));
            int next = 0;
            for (int b = 0; b < count; b++) {
                List<Project> batch = new ArrayList<>();
                for (int i = 0; i < size && next < candidates.size(); i++) {
                    Project p = candidates.get(next++);
                    p.actualStart = batchDays.get(b);
                    batch.add(p);
                }
                batches.add(batch);
            }
        }

        private void startBatches() {
            String[] names = {year + "年春季重点项目集中开工", year + "年第二批重点项目集中开工", year + "年二季度重点项目集中开工"};
            List<Object[]> rows = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                if (batches.get(b).isEmpty()) {
                    continue;
                }
                long id = ids("start_batch", 1)[0];
                jdbc.update("INSERT INTO start_batch (id, name, held_on, region_id) VALUES (?, ?, ?, ?)", id, names[b], batchDays.get(b), rootId);
                for (Project p : batches.get(b)) {
                    rows.add(new Object[] {id, p.id});
                }
            }
            insert("INSERT INTO start_batch_project (batch_id, project_id) VALUES (?, ?)", new int[] {Types.BIGINT, Types.BIGINT}, rows);
        }

        // ------------------------------------------------------------ SQL plumbing

        /** One id at a time, fetched from the table's sequence a block at a time. */
        private long nextId(String table) {
            ArrayDeque<Long> pool = idPools.computeIfAbsent(table, t -> new ArrayDeque<>());
            if (pool.isEmpty()) {
                for (long id : ids(table, 500)) {
                    pool.add(id);
                }
            }
            return pool.poll();
        }

        private long[] ids(String table, int n) {
            if (n == 0) {
                return new long[0];
            }
            return jdbc.queryForList("SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)", Long.class, table, n)
                    .stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    /**
     * Batched inserts as multi-row VALUES statements of up to {@value #CHUNK} rows: one round trip
     * and one parse per thousand rows, whatever the driver's batch settings.
     */
    private void insert(String sql, int[] types, List<Object[]> rows) {
        int columns = types.length;
        int perStatement = Math.min(CHUNK, 30_000 / columns); // PostgreSQL binds at most 32,767 parameters
        String head = sql.substring(0, sql.lastIndexOf("VALUES") + "VALUES".length());
        String tuple = "(" + "?, ".repeat(columns - 1) + "?)";
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            String statement = head + " " + String.join(", ", Collections.nCopies(chunk.size(), tuple));
            jdbc.update(statement, ps -> {
                int index = 1;
                for (Object[] row : chunk) {
                    for (int c = 0; c < columns; c++) {
                        StatementCreatorUtils.setParameterValue(ps, index++, types[c], row[c]);
                    }
                }
            });
        }
    }
}
