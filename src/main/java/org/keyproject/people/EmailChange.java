package org.keyproject.people;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

/** A new e-mail address for notices; null removes it. */
public record EmailChange(@Email(regexp = ADDRESS) @Size(max = 254) String email) {

    /** What the database accepts too (app_user_email): something@somewhere.tld, no spaces. */
    static final String ADDRESS = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
}
