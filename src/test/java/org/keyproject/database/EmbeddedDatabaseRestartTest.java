package org.keyproject.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keyproject.KeyprojectApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The embedded default: a real PostgreSQL under the data directory that keeps its data across restarts. */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseRestartTest {

    private static final Pattern GENERATED = Pattern.compile("generated password: (\\S+)");

    @Test
    void dataAndTheGeneratedAdminPasswordSurviveARestartAndThePasswordIsPrintedOnlyOnce(CapturedOutput output) throws Exception {
        Path dataDir = Files.createTempDirectory("keyproject-restart");
        String password;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Matcher m = GENERATED.matcher(output.getOut());
            assertThat(m.find()).as("the generated admin password is printed on the first start").isTrue();
            password = m.group(1);
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            jdbc.sql("INSERT INTO industry (name) VALUES ('重启测试行业')").update();
        }
        assertThat(Files.exists(dataDir.resolve("pg/PG_VERSION"))).isTrue();
        int printedBefore = count(output.getOut());
        try (ConfigurableApplicationContext second = start(dataDir)) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT count(*) FROM industry WHERE name = '重启测试行业'").query(Long.class).single()).isEqualTo(1);
            String hash = jdbc.sql("SELECT password_hash FROM app_user WHERE username = 'admin'").query(String.class).single();
            assertThat(second.getBean(PasswordEncoder.class).matches(password, hash)).isTrue();
            assertThat(count(output.getOut())).as("not printed again").isEqualTo(printedBefore);
        }
    }

    private static int count(String out) {
        Matcher m = GENERATED.matcher(out);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(KeyprojectApplication.class,
                "--server.port=0", "--keyproject.data-dir=" + dataDir, "--keyproject.db.url=",
                "--keyproject.admin-password=", "--keyproject.demo=false", "--spring.main.banner-mode=off");
    }
}
