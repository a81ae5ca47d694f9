package org.keyproject.people;

import java.security.SecureRandom;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The password of the first administrator (and of the demo accounts): KEYPROJECT_ADMIN_PASSWORD,
 * or, when that is unset, a random one that whoever creates an account with it prints once.
 * Never a fixed default.
 */
@Component
public class InitialCredentials {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final String password;
    private final boolean generated;
    private final PasswordEncoder encoder;
    private volatile String hash;

    InitialCredentials(@Value("${keyproject.admin-password:}") String configured, PasswordEncoder encoder) {
        this.encoder = encoder;
        this.generated = configured == null || configured.isBlank();
        this.password = generated ? randomPassword() : configured;
    }

    /** The hash to store for accounts created with the initial password; computed once. */
    public String passwordHash() {
        if (hash == null) {
            hash = encoder.encode(password);
        }
        return hash;
    }

    /** The password in clear, only when it was generated and so has to be shown once. */
    public Optional<String> generatedPassword() {
        return generated ? Optional.of(password) : Optional.empty();
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
