package org.keyproject.people;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An account to create. A null username makes a contact who cannot log in; email is optional. */
public record NewUser(@Pattern(regexp = "[A-Za-z0-9_.-]{3,64}") String username,
                      @NotBlank @Size(max = 100) String displayName,
                      @Size(max = 100) String title,
                      @Size(max = 30) String phone,
                      @Size(min = 10, max = 200) String password,
                      @NotNull Role role,
                      @NotNull Long regionId,
                      Long organizationId,
                      @Email(regexp = EmailChange.ADDRESS) @Size(max = 254) String email) {

    public NewUser(String username, String displayName, String title, String phone, String password, Role role,
                   Long regionId, Long organizationId) {
        this(username, displayName, title, phone, password, role, regionId, organizationId, null);
    }
}
