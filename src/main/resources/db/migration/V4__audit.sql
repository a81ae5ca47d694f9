-- The audit trail: who changed what, when, with the values before and after.
-- correlation_id groups the changes of one operation (an import, say).
CREATE TABLE audit_event (
    id             BIGSERIAL PRIMARY KEY,
    occurred_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor_id       BIGINT,
    actor_name     VARCHAR(100) NOT NULL,
    entity_type    VARCHAR(40)  NOT NULL,
    entity_id      BIGINT       NOT NULL,
    action         VARCHAR(40)  NOT NULL,
    before_state   JSONB,
    after_state    JSONB,
    correlation_id UUID
);
CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id, occurred_at);
CREATE INDEX audit_event_correlation ON audit_event (correlation_id) WHERE correlation_id IS NOT NULL;
