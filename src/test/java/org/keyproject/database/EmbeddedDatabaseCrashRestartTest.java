package org.keyproject.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyproject.KeyprojectApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run killed hard (SIGKILL, the OOM killer) leaves its embedded PostgreSQL running; the next start must stop that
 * orphan and start at once, and must never touch a server of another data directory. Real processes throughout.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseCrashRestartTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aRestartRightAfterTheAppWasKilledStopsItsOrphanedServerAndKeepsEveryCommittedRow(CapturedOutput output) throws Exception {
        Path dataDir = Files.createTempDirectory("keyproject-crash");
        Path pg = dataDir.resolve("pg");
        int port = freePort();
        Process killed = startInAnotherJvm(dataDir, port);
        ProcessHandle orphan = null;
        try {
            awaitHealthy(port, killed, dataDir.resolve("app.log"));
            List<String> pidFile = Files.readAllLines(pg.resolve("postmaster.pid"));
            orphan = ProcessHandle.of(Long.parseLong(pidFile.get(0).trim())).orElseThrow();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pidFile.get(3).trim() + "/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO industry (name) VALUES ('崩溃前提交的行业')");
            }

            killed.destroyForcibly().waitFor();
            assertThat(orphan.isAlive()).as("the PostgreSQL of the killed JVM outlives it").isTrue();

            try (ConfigurableApplicationContext restarted = start(dataDir)) {
                assertThat(health(Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"))))
                        .contains("\"status\":\"UP\"");
                JdbcClient jdbc = restarted.getBean(JdbcClient.class);
                assertThat(jdbc.sql("SELECT count(*) FROM industry WHERE name = '崩溃前提交的行业'").query(Long.class).single())
                        .isEqualTo(1);
                assertThat(jdbc.sql("SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit')")
                        .query(String.class).single()).as("commits reach the disk").isEqualTo("on on");
                assertThat(orphan.isAlive()).as("the orphaned server was stopped").isFalse();
                assertThat(output.getOut()).contains("Stopped the orphaned PostgreSQL " + orphan.pid());
            }
        } finally {
            killed.destroyForcibly().waitFor();
            if (orphan != null && orphan.isAlive()) {
                orphan.destroy();
                orphan.onExit().get();
            }
        }
    }

    @Test
    void aServerOfAnotherDataDirectoryNamedInPostmasterPidIsLeftRunning() throws Exception {
        Path dataDir = Files.createTempDirectory("keyproject-forged");
        Path pg = dataDir.resolve("pg");
        EmbeddedPostgres.builder().setDataDirectory(pg).setCleanDataDirectory(false).start().close();
        try (EmbeddedPostgres other = EmbeddedPostgres.builder().start()) {
            long otherPid = Long.parseLong(Files.readAllLines(OrphanedServerTest.postmasterPidOf(other)).get(0).trim());
            Files.writeString(pg.resolve("postmaster.pid"), otherPid + "\n" + pg + "\n0\n" + other.getPort() + "\n");

            try (ConfigurableApplicationContext app = start(dataDir)) {
                assertThat(app.getBean(JdbcClient.class).sql("SELECT 1").query(Integer.class).single()).isEqualTo(1);
            }

            assertThat(ProcessHandle.of(otherPid).map(ProcessHandle::isAlive)).contains(true);
            try (Connection c = other.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    private static Process startInAnotherJvm(Path dataDir, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Duser.timezone=Asia/Shanghai", "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"),
                KeyprojectApplication.class.getName()));
        command.addAll(arguments(dataDir, port));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("app.log").toFile())
                .start();
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(KeyprojectApplication.class, arguments(dataDir, 0).toArray(String[]::new));
    }

    private static List<String> arguments(Path dataDir, int port) {
        return List.of("--server.port=" + port, "--keyproject.data-dir=" + dataDir, "--keyproject.db.url=",
                "--keyproject.admin-password=crash-test-password-1", "--keyproject.demo=false", "--spring.main.banner-mode=off");
    }

    private static void awaitHealthy(int port, Process app, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("the app keeps running; its log:\n%s", Files.readString(log)).isTrue();
            try {
                if (health(port).contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notYetListening) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not healthy within 120 s; its log:\n" + Files.readString(log));
    }

    private static String health(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
