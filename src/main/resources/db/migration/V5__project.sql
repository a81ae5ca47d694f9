-- The key-project library (项目库).
CREATE TABLE industry (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(100) NOT NULL UNIQUE,
    sort_order INT          NOT NULL DEFAULT 0
);

CREATE TABLE project (
    id                      BIGSERIAL PRIMARY KEY,
    code                    VARCHAR(40)   NOT NULL UNIQUE,
    name                    VARCHAR(200)  NOT NULL,
    owner_id                BIGINT        NOT NULL REFERENCES organization (id),
    region_id               BIGINT        NOT NULL REFERENCES region (id),
    address                 VARCHAR(300),
    longitude               NUMERIC(9, 6),
    latitude                NUMERIC(8, 6),
    content_scale           TEXT,
    nature                  VARCHAR(12)   NOT NULL CHECK (nature IN ('NEW', 'CONTINUING')),
    category                VARCHAR(16)   NOT NULL CHECK (category IN ('INDUSTRIAL', 'INFRASTRUCTURE', 'SOCIAL')),
    manufacturing           BOOLEAN       NOT NULL DEFAULT FALSE,
    industry_id             BIGINT REFERENCES industry (id),
    -- 总投资, 万元, exact; only projects of 500万 or more enter the library
    total_investment        NUMERIC(18, 4) NOT NULL CHECK (total_investment >= 500),
    -- size tier: ≥5亿 city-led, 1–5亿 county-led, below that county departments
    tier                    VARCHAR(10) GENERATED ALWAYS AS (
                                CASE WHEN total_investment >= 50000 THEN 'CITY'
                                     WHEN total_investment >= 10000 THEN 'COUNTY'
                                     ELSE 'DEPT' END) STORED,
    stage                   VARCHAR(16)   NOT NULL CHECK (stage IN ('RESERVE', 'SIGNED', 'PREPARATION', 'CONSTRUCTION', 'COMPLETED', 'SUSPENDED', 'WITHDRAWN')),
    planned_start_date      DATE,
    planned_completion_date DATE,
    actual_start_date       DATE,
    actual_completion_date  DATE,
    -- 五个一: leader, department, commissioner, task force, promotion plan
    leader_id               BIGINT REFERENCES app_user (id),
    department_id           BIGINT REFERENCES organization (id),
    commissioner_id         BIGINT REFERENCES app_user (id),
    task_force              VARCHAR(200),
    promotion_plan          TEXT,
    -- 打包项目: a sub-project points at the package entry it was split from
    package_id              BIGINT REFERENCES project (id),
    version                 INT           NOT NULL DEFAULT 0,
    created_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT project_dates_ordered CHECK (planned_completion_date IS NULL OR planned_start_date IS NULL OR planned_completion_date >= planned_start_date)
);
CREATE INDEX project_region_idx ON project (region_id);
CREATE INDEX project_stage_idx ON project (stage);
CREATE INDEX project_owner_idx ON project (owner_id);
CREATE INDEX project_leader_idx ON project (leader_id);
CREATE INDEX project_commissioner_idx ON project (commissioner_id);
CREATE INDEX project_department_idx ON project (department_id);
CREATE INDEX project_industry_idx ON project (industry_id);
CREATE INDEX project_investment_idx ON project (total_investment);
CREATE INDEX project_package_idx ON project (package_id) WHERE package_id IS NOT NULL;
CREATE INDEX project_updated_idx ON project (updated_at DESC, id DESC);

-- Dated lifecycle history: every transition with the day it took effect and who recorded it,
-- so the stage of any project on any past day can be reconstructed.
CREATE TABLE project_stage_change (
    id           BIGSERIAL PRIMARY KEY,
    project_id   BIGINT      NOT NULL REFERENCES project (id),
    from_stage   VARCHAR(16),
    to_stage     VARCHAR(16) NOT NULL,
    effective_on DATE        NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    recorded_by  BIGINT REFERENCES app_user (id),
    note         VARCHAR(500)
);
CREATE INDEX project_stage_change_project ON project_stage_change (project_id, effective_on);

-- Region history of a project: which region it belonged to over which dates.
CREATE TABLE project_region_period (
    project_id BIGINT NOT NULL REFERENCES project (id),
    region_id  BIGINT NOT NULL REFERENCES region (id),
    valid_from DATE   NOT NULL,
    valid_to   DATE,
    PRIMARY KEY (project_id, valid_from)
);

-- Annual lists (年度重点项目清单): issued per year by a level of government, in batches.
CREATE TABLE annual_list (
    id           BIGSERIAL PRIMARY KEY,
    year         INT          NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level        VARCHAR(10)  NOT NULL CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY')),
    region_id    BIGINT       NOT NULL REFERENCES region (id),
    batch        INT          NOT NULL DEFAULT 1 CHECK (batch >= 1),
    name         VARCHAR(200) NOT NULL,
    published_on DATE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (year, level, region_id, batch)
);

CREATE TABLE annual_list_entry (
    id                  BIGSERIAL PRIMARY KEY,
    list_id             BIGINT         NOT NULL REFERENCES annual_list (id),
    project_id          BIGINT         NOT NULL REFERENCES project (id),
    -- the list's year and level, repeated so that one project sits on one list per year and level
    year                INT            NOT NULL,
    level               VARCHAR(10)    NOT NULL,
    planned_investment  NUMERIC(18, 4) NOT NULL CHECK (planned_investment >= 0),
    target              VARCHAR(10)    NOT NULL CHECK (target IN ('START', 'COMPLETE', 'CONTINUE')),
    planned_start_month INT CHECK (planned_start_month BETWEEN 1 AND 12),
    version             INT            NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ    NOT NULL DEFAULT now(),
    UNIQUE (project_id, year, level)
);
CREATE INDEX annual_list_entry_list ON annual_list_entry (list_id);
CREATE INDEX annual_list_entry_year ON annual_list_entry (year, project_id);

-- Centralised start events (集中开工).
CREATE TABLE start_batch (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    held_on    DATE         NOT NULL,
    region_id  BIGINT       NOT NULL REFERENCES region (id),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE TABLE start_batch_project (
    batch_id   BIGINT NOT NULL REFERENCES start_batch (id),
    project_id BIGINT NOT NULL REFERENCES project (id),
    PRIMARY KEY (batch_id, project_id)
);
CREATE INDEX start_batch_project_project ON start_batch_project (project_id);
