-- Reporting periods and progress reports (调度填报): a coordinator opens a period for the region
-- subtree of their own region; the projects it covers report their investment and progress; the
-- reports are reviewed upward (county, then city); closing a period freezes what it says into a
-- snapshot that is only ever appended to (revisions with a reason), never changed.
CREATE TABLE report_period (
    id        BIGSERIAL PRIMARY KEY,
    -- the opening coordinator's region: the period covers the projects of its subtree
    region_id BIGINT      NOT NULL REFERENCES region (id),
    year      INT         NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    cadence   VARCHAR(12) NOT NULL CHECK (cadence IN ('MONTHLY', 'HALF_MONTHLY', 'WEEKLY', 'DAILY')),
    starts_on DATE        NOT NULL,
    ends_on   DATE        NOT NULL,
    -- a working day: N working days after ends_on (keyproject.dispatch.due-working-days, default 5)
    due_on    DATE        NOT NULL,
    state     VARCHAR(8)  NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'CLOSED')),
    opened_by BIGINT REFERENCES app_user (id),
    opened_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    closed_by BIGINT REFERENCES app_user (id),
    closed_at TIMESTAMPTZ,
    version   INT         NOT NULL DEFAULT 0,
    UNIQUE (region_id, cadence, starts_on),
    CONSTRAINT report_period_dates CHECK (ends_on >= starts_on AND due_on >= ends_on
        AND extract(YEAR FROM starts_on) = year AND extract(YEAR FROM ends_on) = year),
    CONSTRAINT report_period_closed CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL))
);
CREATE INDEX report_period_year ON report_period (year, cadence, starts_on);

-- The projects a period of another cadence than MONTHLY covers (a monthly one covers every listed project).
CREATE TABLE report_period_project (
    period_id  BIGINT NOT NULL REFERENCES report_period (id),
    project_id BIGINT NOT NULL REFERENCES project (id),
    PRIMARY KEY (period_id, project_id)
);

CREATE TABLE progress_report (
    id                 BIGSERIAL PRIMARY KEY,
    period_id          BIGINT         NOT NULL REFERENCES report_period (id),
    project_id         BIGINT         NOT NULL REFERENCES project (id),
    -- the project's region at submission, kept for partitioning by region later
    region_id          BIGINT         NOT NULL REFERENCES region (id),
    state              VARCHAR(16)    NOT NULL DEFAULT 'DRAFT'
                           CHECK (state IN ('DRAFT', 'SUBMITTED', 'RETURNED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')),
    -- 本期完成投资, 万元
    period_amount      NUMERIC(18, 4) NOT NULL CHECK (period_amount >= 0),
    -- 1-N月累计: derived from the previous report of the year and cadence plus the period amount
    ytd_amount         NUMERIC(18, 4) NOT NULL CHECK (ytd_amount >= 0),
    -- 自开工累计: derived the same way across years
    since_start_amount NUMERIC(18, 4) CHECK (since_start_amount >= 0),
    -- 开工/复工 this year: a 新建 project when it started, a 续建 one when it resumed
    started_this_year  BOOLEAN        NOT NULL DEFAULT FALSE,
    started_on         DATE,
    progress_percent   NUMERIC(5, 2) CHECK (progress_percent BETWEEN 0 AND 100),
    -- 形象进度
    image_progress     TEXT,
    problems_text      TEXT,
    submitted_by       BIGINT REFERENCES app_user (id),
    submitted_at       TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ    NOT NULL DEFAULT now(),
    version            INT            NOT NULL DEFAULT 0,
    UNIQUE (period_id, project_id)
);
CREATE INDEX progress_report_project ON progress_report (project_id);

-- What a check found on a report; a report is submitted only when every warning is explained.
CREATE TABLE report_warning (
    report_id   BIGINT      NOT NULL REFERENCES progress_report (id),
    code        VARCHAR(40) NOT NULL,
    explanation TEXT,
    PRIMARY KEY (report_id, code)
);

CREATE TABLE report_review (
    id        BIGSERIAL PRIMARY KEY,
    report_id BIGINT      NOT NULL REFERENCES progress_report (id),
    step      VARCHAR(8)  NOT NULL CHECK (step IN ('COUNTY', 'CITY')),
    action    VARCHAR(8)  NOT NULL CHECK (action IN ('APPROVE', 'RETURN')),
    reason    TEXT,
    by_id     BIGINT REFERENCES app_user (id),
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT report_review_reason CHECK (action = 'APPROVE' OR reason IS NOT NULL)
);
CREATE INDEX report_review_report ON report_review (report_id, at);

-- The frozen state of a closed period: one row per listed project and list level; revision 0 as
-- first closed, each correction a new revision with its reason.
CREATE TABLE period_snapshot (
    period_id          BIGINT         NOT NULL REFERENCES report_period (id),
    project_id         BIGINT         NOT NULL REFERENCES project (id),
    list_level         VARCHAR(10)    NOT NULL,
    revision           INT            NOT NULL CHECK (revision >= 0),
    list_entry_id      BIGINT         NOT NULL REFERENCES annual_list_entry (id),
    year               INT            NOT NULL,
    region_id          BIGINT         NOT NULL REFERENCES region (id),
    nature             VARCHAR(12)    NOT NULL,
    category           VARCHAR(16)    NOT NULL,
    -- the stage as of the period's end
    stage              VARCHAR(16)    NOT NULL,
    started_this_year  BOOLEAN        NOT NULL,
    started_on         DATE,
    period_amount      NUMERIC(18, 4) NOT NULL,
    ytd_amount         NUMERIC(18, 4) NOT NULL,
    planned_investment NUMERIC(18, 4) NOT NULL,
    -- the rest of what the indicators cut by, as of the close: 工业, industry, size (tier), 打包项目,
    -- leader, and the list entry's target and planned start month (planned starts)
    manufacturing       BOOLEAN        NOT NULL,
    industry_id         BIGINT REFERENCES industry (id),
    total_investment    NUMERIC(18, 4) NOT NULL,
    package_id          BIGINT REFERENCES project (id),
    leader_id           BIGINT REFERENCES app_user (id),
    target              VARCHAR(10)    NOT NULL,
    planned_start_month INT,
    reason             TEXT,
    created_at         TIMESTAMPTZ    NOT NULL DEFAULT now(),
    created_by         BIGINT REFERENCES app_user (id),
    PRIMARY KEY (period_id, project_id, list_level, revision),
    CONSTRAINT period_snapshot_reason CHECK ((revision = 0) = (reason IS NULL))
);

CREATE FUNCTION period_snapshot_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'period snapshot rows are never changed: add a revision instead' USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER period_snapshot_append_only BEFORE UPDATE OR DELETE ON period_snapshot
    FOR EACH ROW EXECUTE FUNCTION period_snapshot_append_only();
