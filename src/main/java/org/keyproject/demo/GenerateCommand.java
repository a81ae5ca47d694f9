package org.keyproject.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar keyproject.jar generate --projects=100000 --seed=7 --counties=12 --year=2026}:
 * generates into the configured database, prints what it wrote and exits. In this mode the app does
 * not serve: {@link GenerateModeEnvironment} turns the web server off, and the demo loader stands down.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class GenerateCommand implements ApplicationRunner {

    static final String COMMAND = "generate";
    private static final Logger log = LoggerFactory.getLogger(GenerateCommand.class);

    private final DataGenerator generator;
    private final ConfigurableApplicationContext context;
    private final Environment env;

    GenerateCommand(DataGenerator generator, ConfigurableApplicationContext context, Environment env) {
        this.generator = generator;
        this.context = context;
        this.env = env;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.getNonOptionArgs().contains(COMMAND)) {
            return;
        }
        int thisYear = LocalDate.now(ZoneId.of(env.getProperty("keyproject.zone", "Asia/Shanghai"))).getYear();
        GeneratorSpec spec = new GeneratorSpec(
                number(args, "seed", DemoDataLoader.DEMO.seed()),
                (int) number(args, "projects", DemoDataLoader.DEMO.projects()),
                (int) number(args, "counties", DemoDataLoader.DEMO.counties()),
                (int) number(args, "year", thisYear));
        long started = System.nanoTime();
        GeneratedData data = generator.generate(spec);
        double seconds = (System.nanoTime() - started) / 1e9;
        String summary = String.format("Generated %d projects, %d regions, %d users under region %d in %.1f s (%.0f projects/s); seed %d, year %d",
                data.projects(), data.regions(), data.users(), data.rootRegionId(), seconds, data.projects() / seconds, spec.seed(), spec.year());
        log.info(summary);
        System.out.println(summary);
        System.exit(SpringApplication.exit(context, () -> 0));
    }

    private static long number(ApplicationArguments args, String name, long fallback) {
        List<String> values = args.getOptionValues(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        String v = values.get(values.size() - 1).replace("_", "").trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + v + "'", e);
        }
    }
}
