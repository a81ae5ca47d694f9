-- The problem loop (问题闭环): a problem raised on a project, assigned to a department with a deadline
-- in working days, handled, answered, verified by whoever raised it and closed (销号). See docs/problems.md.

-- Default deadline per category, in working days (editable by coordinators through the API).
CREATE TABLE problem_category_deadline (
    category     VARCHAR(16) PRIMARY KEY CHECK (category IN ('LAND', 'PLANNING', 'ENVIRONMENT', 'FUNDING', 'CONSTRUCTION',
                                                             'DEMOLITION', 'UTILITIES', 'APPROVAL', 'OTHER')),
    working_days INT         NOT NULL CHECK (working_days BETWEEN 1 AND 250),
    updated_by   BIGINT REFERENCES app_user (id),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO problem_category_deadline (category, working_days) VALUES
    ('LAND', 15), ('PLANNING', 10), ('ENVIRONMENT', 15), ('FUNDING', 10), ('CONSTRUCTION', 5),
    ('DEMOLITION', 20), ('UTILITIES', 5), ('APPROVAL', 5), ('OTHER', 10);

CREATE TABLE problem (
    id               BIGSERIAL PRIMARY KEY,
    project_id       BIGINT       NOT NULL REFERENCES project (id),
    -- the project's region when raised: scope and statistics by region, and the column Citus would distribute by
    region_id        BIGINT       NOT NULL REFERENCES region (id),
    raised_by        BIGINT       NOT NULL REFERENCES app_user (id),
    raised_role      VARCHAR(16)  NOT NULL,
    raised_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    category         VARCHAR(16)  NOT NULL CHECK (category IN ('LAND', 'PLANNING', 'ENVIRONMENT', 'FUNDING', 'CONSTRUCTION',
                                                               'DEMOLITION', 'UTILITIES', 'APPROVAL', 'OTHER')),
    title            VARCHAR(200) NOT NULL,
    description      TEXT,
    state            VARCHAR(12)  NOT NULL DEFAULT 'RAISED'
                         CHECK (state IN ('RAISED', 'ASSIGNED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED', 'DISMISSED')),
    -- the responsible department (organization of kind DEPARTMENT) and its deadline, a working day
    department_id    BIGINT REFERENCES organization (id),
    deadline         DATE,
    deadline_days    INT,
    answer           TEXT,
    -- 问题处理直通车: straight to the top responsible leader, once
    direct_line      BOOLEAN      NOT NULL DEFAULT FALSE,
    escalated_at     TIMESTAMPTZ,
    -- 挂牌督办: listed supervision
    listed           BOOLEAN      NOT NULL DEFAULT FALSE,
    listed_at        TIMESTAMPTZ,
    listed_by        BIGINT REFERENCES app_user (id),
    source           VARCHAR(8)   NOT NULL DEFAULT 'MANUAL' CHECK (source IN ('MANUAL', 'REPORT')),
    source_report_id BIGINT REFERENCES progress_report (id),
    closed_at        TIMESTAMPTZ,
    version          INT          NOT NULL DEFAULT 0,
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT problem_report_source CHECK ((source = 'REPORT') = (source_report_id IS NOT NULL)),
    CONSTRAINT problem_assigned_has_owner CHECK (state IN ('RAISED', 'DISMISSED') OR (department_id IS NOT NULL AND deadline IS NOT NULL))
);
-- one candidate per progress report, however often its period's reports are swept
CREATE UNIQUE INDEX problem_source_report ON problem (source_report_id) WHERE source_report_id IS NOT NULL;
CREATE INDEX problem_project_idx ON problem (project_id);
-- the lists at 100k rows: by state and deadline (清单制, overdue), by department, by region, the listed ones
CREATE INDEX problem_state_deadline_idx ON problem (state, deadline);
CREATE INDEX problem_department_idx ON problem (department_id, state, deadline);
CREATE INDEX problem_region_idx ON problem (region_id, state);
CREATE INDEX problem_listed_idx ON problem (deadline) WHERE listed;

-- Every step of a problem, dated, with who and why; appended to, never changed.
CREATE TABLE problem_step (
    id              BIGSERIAL PRIMARY KEY,
    problem_id      BIGINT      NOT NULL REFERENCES problem (id),
    action          VARCHAR(12) NOT NULL CHECK (action IN ('RAISE', 'ASSIGN', 'START', 'ANSWER', 'ACCEPT', 'REJECT', 'DISMISS',
                                                           'ESCALATE', 'LIST', 'UNLIST', 'DEADLINE')),
    from_state      VARCHAR(12),
    to_state        VARCHAR(12) NOT NULL,
    -- null for the system (an escalation by the morning job)
    actor_id        BIGINT REFERENCES app_user (id),
    at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the reason, the answer or the note of the step
    text            TEXT,
    department_id   BIGINT REFERENCES organization (id),
    deadline_before DATE,
    deadline_after  DATE
);
CREATE INDEX problem_step_problem_idx ON problem_step (problem_id, id);

CREATE FUNCTION problem_step_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'problem_step is append-only';
END
$$;
CREATE TRIGGER problem_step_append_only BEFORE UPDATE OR DELETE ON problem_step
    FOR EACH ROW EXECUTE FUNCTION problem_step_append_only();

-- Files attached to a problem (photos, scanned letters), kept in PostgreSQL; the type by the first bytes.
CREATE TABLE problem_attachment (
    id           BIGSERIAL PRIMARY KEY,
    problem_id   BIGINT       NOT NULL REFERENCES problem (id),
    content_type VARCHAR(40)  NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    bytes        BYTEA        NOT NULL,
    size         INT          NOT NULL,
    filename     VARCHAR(255) NOT NULL,
    uploaded_by  BIGINT       NOT NULL REFERENCES app_user (id),
    uploaded_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX problem_attachment_problem_idx ON problem_attachment (problem_id);
