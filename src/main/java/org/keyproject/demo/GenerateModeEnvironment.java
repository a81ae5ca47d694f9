package org.keyproject.demo;

import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When the app is started as the {@code generate} command it must not open its HTTP port. The web
 * application context stays (security and MVC configuration need it); server.port=-1 keeps the
 * embedded server from starting. Registered in META-INF/spring.factories.
 */
class GenerateModeEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String nonOptionArgs = environment.getProperty("nonOptionArgs", "");
        if (Arrays.asList(nonOptionArgs.split(",")).contains(GenerateCommand.COMMAND)) {
            environment.getPropertySources().addFirst(new MapPropertySource("keyprojectGenerateCommand",
                    Map.of("server.port", "-1")));
        }
    }
}
