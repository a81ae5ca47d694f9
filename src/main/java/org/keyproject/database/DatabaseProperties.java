package org.keyproject.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * keyproject.db.* (KEYPROJECT_DB_URL, KEYPROJECT_DB_USER, KEYPROJECT_DB_PASSWORD) and
 * keyproject.data-dir (KEYPROJECT_DATA_DIR).
 */
@ConfigurationProperties("keyproject")
record DatabaseProperties(Db db, String dataDir) {

    record Db(String url, String username, String password, Integer embeddedPort) {
    }

    boolean usesEmbedded() {
        return db == null || db.url() == null || db.url().isBlank();
    }
}
