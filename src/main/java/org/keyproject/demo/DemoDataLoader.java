package org.keyproject.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import org.keyproject.people.InitialCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fills an empty library with the demo city, so that a first start on the embedded database shows
 * something to click through. keyproject.demo: true loads, false never loads, unset loads only on
 * the embedded database (no keyproject.db.url). Runs before the administrator is created, so that
 * the administrator lands in the demo city.
 */
@Component
@Order(0)
class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);
    static final GeneratorSpec DEMO = new GeneratorSpec(2026, 400, 10, 2026);

    private final DataGenerator generator;
    private final InitialCredentials credentials;
    private final JdbcTemplate jdbc;
    private final Environment env;

    DemoDataLoader(DataGenerator generator, InitialCredentials credentials, JdbcTemplate jdbc, Environment env) {
        this.generator = generator;
        this.credentials = credentials;
        this.jdbc = jdbc;
        this.env = env;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (args.getNonOptionArgs().contains(GenerateCommand.COMMAND)
                || !wanted(env.getProperty("keyproject.demo"), env.getProperty("keyproject.db.url"))) {
            return;
        }
        if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM project)", Boolean.class))) {
            log.info("Demo data not loaded: the project library is not empty");
            return;
        }
        int year = LocalDate.now(ZoneId.of(env.getProperty("keyproject.zone", "Asia/Shanghai"))).getYear();
        GeneratorSpec spec = new GeneratorSpec(DEMO.seed(), DEMO.projects(), DEMO.counties(), year);
        long started = System.nanoTime();
        GeneratedData data = generator.generate(spec);
        log.info("Loaded the demo city: {} projects, {} regions, {} users for {} in {} ms (seed {})", data.projects(),
                data.regions(), data.users(), year, (System.nanoTime() - started) / 1_000_000, spec.seed());
        if (credentials.generatedPassword().isPresent()) {
            log.warn("Demo users (fgw1, fgw2, county01…, ld001…, zy001…, bm001…, qy0001…, gc1) sign in with the same generated password as 'admin', shown once when admin is created");
        } else {
            log.info("Demo users (fgw1, fgw2, county01…, ld001…, zy001…, bm001…, qy0001…, gc1) sign in with KEYPROJECT_ADMIN_PASSWORD");
        }
    }

    /** true: always; false: never; unset or blank: only on the embedded database. */
    static boolean wanted(String demo, String dbUrl) {
        if (demo == null || demo.isBlank()) {
            return dbUrl == null || dbUrl.isBlank();
        }
        return Boolean.parseBoolean(demo.trim());
    }
}
