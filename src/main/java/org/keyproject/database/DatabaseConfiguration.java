package org.keyproject.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With KEYPROJECT_DB_URL the app uses that server; without it, it starts an embedded PostgreSQL
 * whose cluster lives in {data-dir}/pg and is kept across restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(DatabaseProperties props) {
        if (!props.usesEmbedded()) {
            log.info("Using PostgreSQL at {}", props.db().url());
            return new DatabaseServer(null, props.db().url(), props.db().username(), props.db().password());
        }
        Path dir = Path.of(props.dataDir() == null ? "./data" : props.dataDir()).toAbsolutePath().normalize().resolve("pg");
        try {
            Files.createDirectories(dir);
            OrphanedServer.clear(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("timezone", "Asia/Shanghai")
                    .setServerConfig("max_connections", "100")
                    // zonky's defaults suit throwaway test databases (fsync off, asynchronous commit); this one
                    // holds real data and must keep every committed row through a power cut
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
            Integer port = props.db() == null ? null : props.db().embeddedPort();
            if (port != null && port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            log.info("Started embedded PostgreSQL at {} with data in {}", url, dir);
            return new DatabaseServer(pg, url, "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(20);
        config.setPoolName("keyproject");
        config.addDataSourceProperty("ApplicationName", "keyproject");
        return new HikariDataSource(config);
    }

    /** The server behind the pool; closing it stops an embedded cluster after the pool is closed. */
    record DatabaseServer(EmbeddedPostgres embedded, String url, String username, String password) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
