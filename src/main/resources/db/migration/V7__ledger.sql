-- Ledger files uploaded for a preview and kept until the user confirms the import. Kept in the
-- database, not in memory or on a node's disk: nodes are stateless and the confirm may reach
-- another node than the preview.
CREATE TABLE ledger_upload (
    id         UUID PRIMARY KEY,
    user_id    BIGINT       NOT NULL REFERENCES app_user (id),
    filename   VARCHAR(255) NOT NULL,
    content    BYTEA        NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX ledger_upload_created ON ledger_upload (created_at);
