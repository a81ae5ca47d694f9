package org.keyproject.people;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An account to create. A null username makes a contact who cannot log in. */
public record NewUser(@Pattern(regexp = "[A-Za-z0-9_.-]{3,64}") String username,
                      @NotBlank @Size(max = 100) String displayName,
                      @Size(max = 100) String title,
                      @Size(max = 30) String phone,
                      @Size(min = 10, max = 200) String password,
                      @NotNull Role role,
                      @NotNull Long regionId,
                      Long organizationId) {
}
