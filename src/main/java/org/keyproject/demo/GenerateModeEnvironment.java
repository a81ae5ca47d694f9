package org.keyproject.demo;

import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When the app is started as the {@code generate} command it must not open its HTTP port: this turns
 * the application into a non-web one before the context is created. Registered in
 * META-INF/spring.factories.
 */
class GenerateModeEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String nonOptionArgs = environment.getProperty("nonOptionArgs", "");
        if (Arrays.asList(nonOptionArgs.split(",")).contains(GenerateCommand.COMMAND)) {
            environment.getPropertySources().addFirst(new MapPropertySource("keyprojectGenerateCommand",
                    Map.of("spring.main.web-application-type", "none")));
        }
    }
}
