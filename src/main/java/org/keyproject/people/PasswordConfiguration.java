package org.keyproject.people;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

    /**
     * Argon2id for new hashes; the {id} prefix lets the algorithm change later without a reset. Memory
     * (KiB) and iterations default to Spring Security's recommendation (16 MiB, 2); a hash keeps the
     * parameters it was made with, so changing them affects new passwords only. The tests make theirs
     * cheaper, since they sign in thousands of times.
     */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${keyproject.passwords.argon2-memory-kib:16384}") int memory,
                                    @Value("${keyproject.passwords.argon2-iterations:2}") int iterations) {
        return new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", new Argon2PasswordEncoder(16, 32, 1, memory, iterations),
                "bcrypt", new BCryptPasswordEncoder()));
    }
}
