package org.keyproject.people;

import org.keyproject.region.NewRegion;
import org.keyproject.region.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the very first start: a root region if there is none, and the administrator {@code admin} with
 * KEYPROJECT_ADMIN_PASSWORD or a generated password printed once.
 */
@Component
@Order(10)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final JdbcClient jdbc;
    private final Regions regions;
    private final InitialCredentials credentials;
    private final String cityName;
    private final String cityCode;

    AdminBootstrap(JdbcClient jdbc, Regions regions, InitialCredentials credentials,
                   @Value("${keyproject.city.name:本市}") String cityName,
                   @Value("${keyproject.city.code:000000}") String cityCode) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.credentials = credentials;
        this.cityName = cityName;
        this.cityCode = cityCode;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (jdbc.sql("SELECT count(*) FROM app_user WHERE username = 'admin'").query(Long.class).single() > 0) {
            return;
        }
        long rootId = regions.root().orElseGet(() -> regions.create(new NewRegion(cityCode, cityName, null, "CITY", null))).id();
        jdbc.sql("INSERT INTO app_user (username, display_name, role, region_id, password_hash) VALUES ('admin', '系统管理员', 'ADMIN', ?, ?)")
                .params(rootId, credentials.passwordHash()).update();
        credentials.generatedPassword().ifPresentOrElse(
                p -> log.warn("\n\n    Created administrator 'admin' with the generated password: {}\n    It is shown only this once. Set KEYPROJECT_ADMIN_PASSWORD to choose it yourself.\n", p),
                () -> log.info("Created administrator 'admin' with the password from KEYPROJECT_ADMIN_PASSWORD"));
    }
}
