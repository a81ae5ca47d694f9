-- What a progress report says besides money: the status of the project's procedures (手续办理),
-- copied forward as the next period's default, and the milestones it reports reached, which the
-- submission records as the project's actual milestone dates (project_milestone_actual).
CREATE TABLE report_procedure (
    report_id BIGINT       NOT NULL REFERENCES progress_report (id),
    -- the order given, for the field names of errors (procedures[0] …)
    position  INT          NOT NULL CHECK (position >= 0),
    kind      VARCHAR(24)  NOT NULL
        CHECK (kind IN ('LAND', 'PLANNING', 'EIA', 'ENERGY', 'CONSTRUCTION_PERMIT', 'OTHER')),
    -- the name of an OTHER procedure; the others are named by their kind in the reader's language
    name      VARCHAR(100),
    state     VARCHAR(12)  NOT NULL CHECK (state IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE')),
    -- the day it was done (办结日期); required when DONE
    on_date   DATE,
    PRIMARY KEY (report_id, position),
    CONSTRAINT report_procedure_named CHECK ((kind = 'OTHER') = (name IS NOT NULL)),
    CONSTRAINT report_procedure_done_dated CHECK (state <> 'DONE' OR on_date IS NOT NULL)
);
CREATE UNIQUE INDEX report_procedure_kind ON report_procedure (report_id, kind) WHERE kind <> 'OTHER';

CREATE TABLE report_milestone (
    report_id  BIGINT      NOT NULL REFERENCES progress_report (id),
    -- a template milestone (START …) or one of the project's plans
    key        VARCHAR(40) NOT NULL,
    reached_on DATE        NOT NULL,
    PRIMARY KEY (report_id, key)
);
