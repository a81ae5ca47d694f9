-- Notices leave the application (issue 16): by e-mail to the recipient's address, and to the WeCom
-- (企业微信) and DingTalk (钉钉) group robots of a region.

-- A person's e-mail address, optional; notices go there when an SMTP server is configured.
ALTER TABLE app_user ADD COLUMN email VARCHAR(254)
    CONSTRAINT app_user_email CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$');

-- A group robot (群机器人) of WeCom or DingTalk. It gets the notices whose recipient's region lies in
-- the subtree of its region (a county's group hears of its county only), of the listed kinds or of
-- every kind when kinds is null. A disabled one gets no new notices and its pending ones wait.
CREATE TABLE notification_webhook (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(100)  NOT NULL,
    channel    VARCHAR(12)   NOT NULL CHECK (channel IN ('WECOM', 'DINGTALK')),
    -- the robot's address, carrying its key (WeCom) or access token (DingTalk)
    url        VARCHAR(1000) NOT NULL CHECK (url ~ '^https?://'),
    -- DingTalk's signing secret (加签), null when the robot does not sign
    secret     VARCHAR(200),
    region_id  BIGINT        NOT NULL REFERENCES region (id),
    kinds      VARCHAR(40)[] CHECK (cardinality(kinds) > 0),
    enabled    BOOLEAN       NOT NULL DEFAULT TRUE,
    version    INT           NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT notification_webhook_secret CHECK (secret IS NULL OR channel = 'DINGTALK')
);
CREATE INDEX notification_webhook_region ON notification_webhook (region_id);

-- A delivery is now an e-mail to the notice's recipient (webhook_id null), or a message to one group
-- robot (webhook_id). A group hears of an event once, whichever of its recipients' notices carries it:
-- group_key is the notice's kind and dedup key, unique per webhook. Deleting a webhook deletes its
-- deliveries with it.
ALTER TABLE notification_delivery DROP CONSTRAINT notification_delivery_pkey;
ALTER TABLE notification_delivery
    ADD COLUMN id         BIGSERIAL PRIMARY KEY,
    ADD COLUMN webhook_id BIGINT REFERENCES notification_webhook (id) ON DELETE CASCADE,
    ADD COLUMN group_key  VARCHAR(250),
    ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD CONSTRAINT notification_delivery_target CHECK (
        CASE WHEN channel = 'EMAIL' THEN webhook_id IS NULL AND group_key IS NULL
             ELSE webhook_id IS NOT NULL AND group_key IS NOT NULL END);
CREATE UNIQUE INDEX notification_delivery_email ON notification_delivery (notification_id) WHERE channel = 'EMAIL';
CREATE UNIQUE INDEX notification_delivery_group ON notification_delivery (webhook_id, group_key);
CREATE INDEX notification_delivery_notice ON notification_delivery (notification_id);
CREATE INDEX notification_delivery_failed ON notification_delivery (id) WHERE state = 'FAILED';
