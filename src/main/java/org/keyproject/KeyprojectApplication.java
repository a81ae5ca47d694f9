package org.keyproject;

import java.util.TimeZone;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KeyprojectApplication {

    public static void main(String[] args) {
        // dates and times of this domain are those of Asia/Shanghai, whatever the server's zone
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
        SpringApplication.run(KeyprojectApplication.class, args);
    }
}
