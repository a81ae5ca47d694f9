package org.keyproject.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyproject.database.OrphanedServer.Finding;

/** Which server a postmaster.pid left in the data directory belongs to, checked against real processes. */
class OrphanedServerTest {

    private static EmbeddedPostgres other;
    private static long otherPid;
    private static Path otherDir;

    @BeforeAll
    static void startAServerOnAnotherDirectory() throws Exception {
        other = EmbeddedPostgres.builder().start();
        Path pidFile = postmasterPidOf(other);
        otherDir = pidFile.getParent();
        otherPid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    @AfterAll
    static void stopIt() throws Exception {
        other.close();
    }

    @Test
    void aDirectoryWithoutPostmasterPidHasNoServer() throws Exception {
        assertThat(OrphanedServer.inspect(Files.createTempDirectory("pg")).finding()).isEqualTo(Finding.NONE);
    }

    @Test
    void aFileWhoseProcessEndedIsGoneAndPostgresStartsOverIt() throws Exception {
        Path dir = Files.createTempDirectory("pg-gone");
        EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start().close();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.writeString(dir.resolve("postmaster.pid"), ended.pid() + "\n" + dir + "\n0\n5432\n");

        assertThat(OrphanedServer.inspect(dir).finding()).isEqualTo(Finding.GONE);
        OrphanedServer.clear(dir);
        try (EmbeddedPostgres restarted = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start()) {
            assertThat(answers(restarted)).isTrue();
        }
    }

    @Test
    void aLiveProcessThatIsNotPostgresIsNotOursAndIsLeftRunning() throws Exception {
        Path dir = Files.createTempDirectory("pg-recycled");
        Files.createFile(dir.resolve("postgresql.conf"));
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(dir.resolve("postmaster.pid"), unrelated.pid() + "\n" + dir + "\n0\n5432\n");

            assertThat(OrphanedServer.inspect(dir).finding()).isEqualTo(Finding.NOT_OURS);
            OrphanedServer.clear(dir);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(dir.resolve("postmaster.pid")).doesNotExist();
        } finally {
            unrelated.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPostgresOfAnotherDirectoryIsNotOursWhetherTheFileWasCopiedOrNamesThisDirectory() throws Exception {
        Path dir = Files.createTempDirectory("pg-other");
        Files.copy(otherDir.resolve("postmaster.pid"), dir.resolve("postmaster.pid"));
        assertThat(OrphanedServer.inspect(dir).finding()).isEqualTo(Finding.NOT_OURS);

        Files.writeString(dir.resolve("postmaster.pid"), otherPid + "\n" + dir + "\n0\n" + other.getPort() + "\n");
        assertThat(OrphanedServer.inspect(dir).finding()).isEqualTo(Finding.NOT_OURS);
    }

    @Test
    void aLivePostgresOnThisDirectoryIsRecognisedAsOurs() throws Exception {
        OrphanedServer.Inspection found = OrphanedServer.inspect(otherDir);

        assertThat(found.finding()).isEqualTo(Finding.ORPHAN);
        assertThat(found.pid()).isEqualTo(otherPid);
    }

    @Test
    void aDirectoryWhoseServerStillHasItsRunningOwnerIsRefusedAndTheServerKeepsRunning() throws Exception {
        assertThatIllegalStateException().isThrownBy(() -> OrphanedServer.clear(otherDir))
                .withMessageContaining("in use by another running keyproject");
        assertThat(answers(other)).isTrue();
    }

    /** zonky keeps a server started without a data directory in a fresh directory under its working directory. */
    static Path postmasterPidOf(EmbeddedPostgres server) throws IOException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            return Path.of(rs.getString(1)).resolve("postmaster.pid");
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static boolean answers(EmbeddedPostgres server) throws Exception {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }
}
