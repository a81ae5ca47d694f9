package org.keyproject;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KeyprojectApplication {

    public static void main(String[] args) {
        SpringApplication.run(KeyprojectApplication.class, args);
    }
}
