-- Notifications (通知): what the application tells one user, read in the in-app inbox (消息). A row is
-- the notice itself and its in-app delivery: the inbox reads this table, read_at is its receipt.
-- Text is not stored but rendered when read, in the reader's language, from the message keys
-- notification.<kind>.subject and notification.<kind>.body with args as their arguments.
CREATE TABLE notification (
    id           BIGSERIAL PRIMARY KEY,
    recipient_id BIGINT       NOT NULL REFERENCES app_user (id),
    -- what the notice is about, e.g. REPORT_DUE; names the message keys
    kind         VARCHAR(40)  NOT NULL CHECK (kind ~ '^[A-Z][A-Z0-9_]*$'),
    -- the message arguments, in order: strings and numbers
    args         JSONB        NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(args) = 'array'),
    -- where the notice leads in the application, a path such as /periods/3/reports/17
    link         VARCHAR(500),
    -- what makes two notices the same one: creating a notice again for the same recipient and key does nothing
    dedup_key    VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    read_at      TIMESTAMPTZ,
    UNIQUE (recipient_id, dedup_key)
);
CREATE INDEX notification_inbox ON notification (recipient_id, created_at DESC, id DESC);
CREATE INDEX notification_unread ON notification (recipient_id) WHERE read_at IS NULL;

-- Deliveries over other channels than the inbox (e-mail, WeCom and DingTalk webhooks, issue 16): one
-- row per notice and channel, sent by a job that takes the due PENDING rows, retries a failure later
-- (next_attempt_at) and gives up after some attempts (FAILED). Empty until those channels exist.
CREATE TABLE notification_delivery (
    notification_id BIGINT      NOT NULL REFERENCES notification (id),
    channel         VARCHAR(12) NOT NULL CHECK (channel IN ('EMAIL', 'WECOM', 'DINGTALK')),
    state           VARCHAR(8)  NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SENT', 'FAILED')),
    attempts        INT         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    sent_at         TIMESTAMPTZ,
    PRIMARY KEY (notification_id, channel),
    CONSTRAINT notification_delivery_sent CHECK ((state = 'SENT') = (sent_at IS NOT NULL))
);
CREATE INDEX notification_delivery_due ON notification_delivery (next_attempt_at) WHERE state = 'PENDING';
