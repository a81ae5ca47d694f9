-- The service ledger (服务台账): what commissioners, departments and leaders did for a project, one
-- row per service. region_id is the project's region when the service was logged (kept so statistics
-- need no join to the project's history, and so the table could be distributed by region).
CREATE TABLE service_record (
    id           BIGSERIAL PRIMARY KEY,
    kind         VARCHAR(24)  NOT NULL CHECK (kind IN ('CONTACT', 'SITE_VISIT', 'ONSITE_OFFICE', 'PROMOTION_MEETING',
                                                       'PARALLEL_APPROVAL', 'LAND_SUPPLY', 'COMMISSIONER_NAMED')),
    project_id   BIGINT       NOT NULL REFERENCES project (id),
    region_id    BIGINT       NOT NULL REFERENCES region (id),
    -- who gave the service
    person_id    BIGINT       NOT NULL REFERENCES app_user (id),
    -- the day it was given (Asia/Shanghai)
    served_on    DATE         NOT NULL,
    -- what was done, and what came of it
    content      VARCHAR(2000) NOT NULL,
    outcome      VARCHAR(2000),
    -- 并联审批: the permit and whether it was handled in parallel (only for PARALLEL_APPROVAL)
    permit_type  VARCHAR(24) CHECK (permit_type IN ('LAND', 'PLANNING', 'EIA', 'ENERGY', 'CONSTRUCTION_PERMIT', 'OTHER')),
    permit_name  VARCHAR(100),
    in_parallel  BOOLEAN,
    created_by   BIGINT       NOT NULL REFERENCES app_user (id),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    version      INT          NOT NULL DEFAULT 0,
    CHECK ((kind = 'PARALLEL_APPROVAL') = (permit_type IS NOT NULL AND in_parallel IS NOT NULL))
);
CREATE INDEX service_record_region_day ON service_record (region_id, served_on);
CREATE INDEX service_record_project ON service_record (project_id, kind, served_on);
CREATE INDEX service_record_person ON service_record (person_id, served_on);

-- Others who took part (a leader on a visit the commissioner logged counts as on site).
CREATE TABLE service_participant (
    service_id BIGINT NOT NULL REFERENCES service_record (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (service_id, user_id)
);
CREATE INDEX service_participant_user ON service_participant (user_id);

-- Service promises (服务承诺, Mianyang) of a signing (签约落地): four dated tasks per signing, keyed by
-- the stage change that recorded it. The state (open, kept, late) is derived from today and due_on
-- when read; fulfilment is the day and the service that fulfilled it.
CREATE TABLE service_promise (
    id              BIGSERIAL PRIMARY KEY,
    project_id      BIGINT      NOT NULL REFERENCES project (id),
    region_id       BIGINT      NOT NULL REFERENCES region (id),
    stage_change_id BIGINT      NOT NULL REFERENCES project_stage_change (id),
    kind            VARCHAR(24) NOT NULL CHECK (kind IN ('COMMISSIONER_NAMED', 'SITE_SURVEY', 'LAND_SUPPLY_STARTED', 'PROMOTION_MEETING')),
    signed_on       DATE        NOT NULL,
    due_on          DATE        NOT NULL CHECK (due_on > signed_on),
    fulfilled_on    DATE,
    fulfilled_at    TIMESTAMPTZ,
    -- the service that fulfilled it; null for a commissioner named on the project itself
    service_id      BIGINT REFERENCES service_record (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (stage_change_id, kind),
    CHECK ((fulfilled_on IS NULL) = (fulfilled_at IS NULL))
);
CREATE INDEX service_promise_project ON service_promise (project_id);
CREATE INDEX service_promise_open ON service_promise (due_on) WHERE fulfilled_on IS NULL;
