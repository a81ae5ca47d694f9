-- A ledger preview (dry run) or import running in the background, and its outcome. In the database,
-- not in a node's memory: the page that polls it may reach any node. A node that dies leaves a row
-- RUNNING whose updated_at no longer moves (the running node touches it every few seconds); the
-- import is one transaction, so such a job wrote nothing.
CREATE TABLE ledger_job (
    id             UUID PRIMARY KEY,
    user_id        BIGINT       NOT NULL REFERENCES app_user (id),
    -- the upload goes once it is imported; the job keeps its filename to show the result
    upload_id      UUID         REFERENCES ledger_upload (id) ON DELETE SET NULL,
    filename       VARCHAR(255) NOT NULL,
    kind           VARCHAR(10)  NOT NULL CHECK (kind IN ('PREVIEW', 'IMPORT')),
    list_year      INTEGER,
    create_missing BOOLEAN      NOT NULL,
    state          VARCHAR(10)  NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'FAILED')),
    percent        INTEGER      NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    phase          VARCHAR(60)  NOT NULL,
    report         JSONB,
    error          TEXT,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX ledger_job_created ON ledger_job (created_at);
CREATE INDEX ledger_job_upload ON ledger_job (upload_id);
