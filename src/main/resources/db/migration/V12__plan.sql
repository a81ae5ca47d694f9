-- Plans and milestones (计划与节点): per project and year, versioned plans of investment by month and
-- dated milestones; the first approved version of a year is the baseline, the latest approved one
-- the current plan. An approved version is never changed again: re-planning copies it to a new draft.
CREATE TABLE project_plan (
    id                BIGSERIAL PRIMARY KEY,
    project_id        BIGINT         NOT NULL REFERENCES project (id),
    year              INT            NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    version           INT            NOT NULL CHECK (version >= 1),
    status            VARCHAR(10)    NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'APPROVED')),
    -- 年度计划投资, 万元; the months below add up to it exactly
    annual_investment NUMERIC(18, 4) NOT NULL CHECK (annual_investment >= 0),
    profile           VARCHAR(10)    NOT NULL CHECK (profile IN ('EVEN', 'SEASONAL', 'CUSTOM')),
    target            VARCHAR(10) CHECK (target IN ('START', 'COMPLETE', 'CONTINUE')),
    approved_at       TIMESTAMPTZ,
    approved_by       BIGINT REFERENCES app_user (id),
    created_at        TIMESTAMPTZ    NOT NULL DEFAULT now(),
    created_by        BIGINT REFERENCES app_user (id),
    lock_version      INT            NOT NULL DEFAULT 0,
    UNIQUE (project_id, year, version),
    CONSTRAINT project_plan_approval CHECK ((status = 'APPROVED') = (approved_at IS NOT NULL))
);
-- at most one draft per project and year: re-planning waits until the draft is approved
CREATE UNIQUE INDEX project_plan_one_draft ON project_plan (project_id, year) WHERE status = 'DRAFT';

CREATE TABLE project_plan_month (
    plan_id BIGINT         NOT NULL REFERENCES project_plan (id),
    month   INT            NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount  NUMERIC(18, 4) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (plan_id, month)
);

CREATE TABLE project_plan_milestone (
    plan_id    BIGINT      NOT NULL REFERENCES project_plan (id),
    -- stable across versions: a template code (START …) or a generated key for a custom milestone
    key        VARCHAR(40) NOT NULL,
    -- a custom milestone's name; template milestones are named by their key in the user's language
    name       VARCHAR(100),
    planned_on DATE        NOT NULL,
    sort_order INT         NOT NULL,
    PRIMARY KEY (plan_id, key)
);

-- Actual dates belong to the project, not to a plan version.
CREATE TABLE project_milestone_actual (
    project_id  BIGINT      NOT NULL REFERENCES project (id),
    key         VARCHAR(40) NOT NULL,
    reached_on  DATE        NOT NULL,
    recorded_by BIGINT REFERENCES app_user (id),
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, key)
);

-- The database itself refuses to change an approved version or its months and milestones.
CREATE FUNCTION project_plan_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    plan BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'project_plan' THEN
        plan := OLD.id;
    ELSIF TG_OP = 'INSERT' THEN
        plan := NEW.plan_id;
    ELSE
        plan := OLD.plan_id;
    END IF;
    IF EXISTS (SELECT 1 FROM project_plan WHERE id = plan AND status = 'APPROVED') THEN
        RAISE EXCEPTION 'project plan % is approved and cannot change', plan USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER project_plan_frozen BEFORE UPDATE OR DELETE ON project_plan
    FOR EACH ROW EXECUTE FUNCTION project_plan_frozen();
CREATE TRIGGER project_plan_month_frozen BEFORE INSERT OR UPDATE OR DELETE ON project_plan_month
    FOR EACH ROW EXECUTE FUNCTION project_plan_frozen();
CREATE TRIGGER project_plan_milestone_frozen BEFORE INSERT OR UPDATE OR DELETE ON project_plan_milestone
    FOR EACH ROW EXECUTE FUNCTION project_plan_frozen();
