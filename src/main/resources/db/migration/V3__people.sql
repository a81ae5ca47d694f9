-- Organisations: government departments (责任单位) and enterprises (建设单位).
CREATE TABLE organization (
    id           BIGSERIAL PRIMARY KEY,
    kind         VARCHAR(12)  NOT NULL CHECK (kind IN ('DEPARTMENT', 'ENTERPRISE')),
    name         VARCHAR(200) NOT NULL,
    short_name   VARCHAR(100),
    credit_code  VARCHAR(18),
    region_id    BIGINT       NOT NULL REFERENCES region (id),
    contact_only BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organization_name_kind ON organization (kind, name);
CREATE INDEX organization_region_idx ON organization (region_id);

-- People. A row without a username is a contact who does not log in (a leader named on a
-- ledger, say). region_id is the root of the user's data scope.
CREATE TABLE app_user (
    id              BIGSERIAL PRIMARY KEY,
    username        VARCHAR(64) UNIQUE,
    display_name    VARCHAR(100) NOT NULL,
    title           VARCHAR(100),
    phone           VARCHAR(30),
    password_hash   VARCHAR(255),
    role            VARCHAR(16)  NOT NULL CHECK (role IN ('ADMIN', 'COORDINATOR', 'LEADER', 'COMMISSIONER', 'DEPARTMENT', 'ENTERPRISE', 'OBSERVER')),
    region_id       BIGINT       NOT NULL REFERENCES region (id),
    organization_id BIGINT REFERENCES organization (id),
    enabled         BOOLEAN      NOT NULL DEFAULT TRUE,
    version         INT          NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT enterprise_user_has_organization CHECK (role <> 'ENTERPRISE' OR organization_id IS NOT NULL)
);
CREATE INDEX app_user_region_idx ON app_user (region_id);
CREATE INDEX app_user_role_idx ON app_user (role);

-- Failed logins, for throttling; shared by all nodes.
CREATE TABLE login_failure (
    id        BIGSERIAL PRIMARY KEY,
    username  VARCHAR(64) NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_user_time ON login_failure (username, failed_at);

-- Personal access tokens for API clients; only a SHA-256 hash of the token is stored.
CREATE TABLE api_token (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES app_user (id),
    name         VARCHAR(100) NOT NULL,
    token_hash   CHAR(64)    NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
