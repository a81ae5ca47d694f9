package org.keyproject.people;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Personal access tokens for API clients (Authorization: Bearer kp_…). Only hashes are stored. */
@Service
public class ApiTokens {

    private final JdbcClient jdbc;
    private final AccountDetailsService accounts;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, AccountDetailsService accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    /** Issues a token for the user; the clear text is returned once and never stored. */
    @Transactional
    public IssuedToken issue(CurrentUser user, String name, Integer validDays) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "kp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OffsetDateTime expires = validDays == null ? null : OffsetDateTime.now().plusDays(validDays);
        long id = jdbc.sql("INSERT INTO api_token (user_id, name, token_hash, expires_at) VALUES (?, ?, ?, ?) RETURNING id")
                .params(user.id(), name == null || name.isBlank() ? "token" : name.trim(), hash(token), expires)
                .query(Long.class).single();
        return new IssuedToken(id, name, token, expires);
    }

    /** The enabled user a valid, unexpired, unrevoked token belongs to. */
    public Optional<CurrentUser> authenticate(String token) {
        if (token == null || !token.startsWith("kp_")) {
            return Optional.empty();
        }
        // last_used_at is kept to the minute: writing it on every call made each API request a commit and
        // one token's row a hot spot for the scripts that share it
        Optional<Long> userId = jdbc.sql("""
                WITH t AS (SELECT id, user_id, last_used_at FROM api_token
                           WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())),
                     used AS (UPDATE api_token a SET last_used_at = now() FROM t
                              WHERE a.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - INTERVAL '1 minute'))
                SELECT user_id FROM t
                """).param(hash(token)).query(Long.class).optional();
        return userId.flatMap(accounts::loadById).filter(CurrentUser::isEnabled);
    }

    @Transactional
    public boolean revoke(CurrentUser user, long tokenId) {
        return jdbc.sql("UPDATE api_token SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
                .param(tokenId).param(user.id()).update() == 1;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record IssuedToken(long id, String name, String token, OffsetDateTime expiresAt) {
    }
}
