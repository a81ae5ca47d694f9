-- The indicator caches: month_facts worked out once and kept, so that a cockpit reads a few thousand
-- prepared rows instead of evaluating a month's facts several times per page.
--
--   indicator_cache       one build of one month (kind FACTS: the month's facts row by row; kind
--                         SUMMARY: their counts and sums per region, source and cut), stamped with the
--                         snapshot it was built in (pg_current_snapshot() of the building statement);
--   indicator_facts       the rows of a FACTS build: exactly what month_facts(root, year, month, revised, NULL) returns;
--   indicator_summary     the rows of a SUMMARY build: every measure summed per fact region, source, cut and key;
--   indicator_change      one row per statement that changed what month_facts reads, with the year and
--                         first month it can change and the writing transaction (xid8).
--
-- A build is current while no committed change of its year and month is missing from its snapshot:
-- NOT pg_visible_in_snapshot(change.xid, build.seen) means the build did not see that change. This needs
-- no lock between writers and readers, and a change committed while a build runs is never lost: its
-- transaction was not visible to the build's snapshot, so the build is stale as soon as it commits.

CREATE TABLE indicator_cache (
    id       BIGSERIAL PRIMARY KEY,
    kind     VARCHAR(8)  NOT NULL CHECK (kind IN ('FACTS', 'SUMMARY')),
    year     INT         NOT NULL,
    month    INT         NOT NULL CHECK (month BETWEEN 1 AND 12),
    revised  BOOLEAN     NOT NULL,
    seen     pg_snapshot NOT NULL,
    built_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (kind, year, month, revised)
);

CREATE TABLE indicator_facts (
    -- no foreign key: a build writes tens of thousands of rows at once and deletes its predecessor's itself
    cache_id            BIGINT         NOT NULL,
    project_id          BIGINT         NOT NULL,
    list_level          VARCHAR(10)    NOT NULL,
    list_entry_id       BIGINT         NOT NULL,
    region_id           BIGINT         NOT NULL,
    nature              VARCHAR(12)    NOT NULL,
    category            VARCHAR(16)    NOT NULL,
    stage               VARCHAR(16)    NOT NULL,
    started_this_year   BOOLEAN        NOT NULL,
    started_on          DATE,
    period_amount       NUMERIC(18, 4) NOT NULL,
    ytd_amount          NUMERIC(18, 4) NOT NULL,
    planned_investment  NUMERIC(18, 4) NOT NULL,
    manufacturing       BOOLEAN        NOT NULL,
    industry_id         BIGINT,
    total_investment    NUMERIC(18, 4) NOT NULL,
    package_id          BIGINT,
    sub_projects        INT            NOT NULL,
    leader_id           BIGINT,
    target              VARCHAR(10)    NOT NULL,
    planned_start_month INT,
    source              VARCHAR(8)     NOT NULL,
    revision            INT,
    period_year         INT            NOT NULL,
    period_month        INT            NOT NULL,
    -- what the lists behind a figure and the map show of the project, as it is now
    code                VARCHAR(40)    NOT NULL,
    name                VARCHAR(200)   NOT NULL,
    longitude           NUMERIC(10, 6),
    latitude            NUMERIC(10, 6),
    -- year-to-date ÷ planned (null without a plan): the order of the projects furthest behind 序时进度
    completion          NUMERIC
);
CREATE INDEX indicator_facts_cache ON indicator_facts (cache_id, list_level, region_id);
-- the cockpit's two lists read the top of an order, not the whole month
CREATE INDEX indicator_facts_behind ON indicator_facts (cache_id, list_level, completion, planned_investment DESC, code);
CREATE INDEX indicator_facts_largest ON indicator_facts (cache_id, list_level, total_investment DESC, code);

-- One row per fact region, source, level and cut key, with every Measure as a column m_<measure>. The
-- cuts REGION and SOURCE are not stored: they are the ALL rows grouped by region path and by source.
CREATE TABLE indicator_summary (
    cache_id                  BIGINT      NOT NULL, -- no foreign key, as for indicator_facts
    list_level                VARCHAR(10) NOT NULL,
    region_id                 BIGINT      NOT NULL,
    source                    VARCHAR(8)  NOT NULL,
    dim                       VARCHAR(10) NOT NULL,
    key                       TEXT        NOT NULL,
    m_listed                  BIGINT      NOT NULL,
    m_listed_split            NUMERIC     NOT NULL,
    m_packages                BIGINT      NOT NULL,
    m_new                     BIGINT      NOT NULL,
    m_continuing              BIGINT      NOT NULL,
    m_started                 BIGINT      NOT NULL,
    m_started_new             BIGINT      NOT NULL,
    m_resumed                 BIGINT      NOT NULL,
    m_not_started             BIGINT      NOT NULL,
    m_above_one_yi            BIGINT      NOT NULL,
    m_above_five_yi           BIGINT      NOT NULL,
    m_industrial_above_five_yi BIGINT     NOT NULL,
    m_planned_starts          BIGINT      NOT NULL,
    m_planned_starts_due      BIGINT      NOT NULL,
    m_planned_started         BIGINT      NOT NULL,
    m_started_ahead           BIGINT      NOT NULL,
    m_not_started_as_planned  BIGINT      NOT NULL,
    m_behind_time_progress    BIGINT      NOT NULL,
    m_total_investment        NUMERIC     NOT NULL,
    m_planned_investment      NUMERIC     NOT NULL,
    m_completed               NUMERIC     NOT NULL,
    m_period_completed        NUMERIC     NOT NULL
);
CREATE INDEX indicator_summary_cache ON indicator_summary (cache_id, list_level, dim);

CREATE TABLE indicator_change (
    year       INT  NOT NULL,
    from_month INT  NOT NULL,
    xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- a build checks only the changes that may be missing from its snapshot: those from its xmin on (an older
-- transaction had finished before the build began, so the build saw it if it committed)
CREATE INDEX indicator_change_year ON indicator_change (year, xid);

-- What changes month_facts, and from which month of which year:
--   annual_list_entry                 the entry's year, from January;
--   project, its stage changes and region periods: every year the project (or the package it
--                                     belongs to, for the sub-project counts) is listed, from January;
--   progress_report, report_period,
--   period_snapshot                   the period's year, from its month (year-to-date carries forward);
--   region                            every listed year (paths decide the subtrees).
-- Statement-level triggers with transition tables: one small insert per statement, however many rows.

CREATE FUNCTION indicator_change_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO indicator_change (year, from_month) SELECT year, 1 FROM new_rows UNION SELECT year, 1 FROM old_rows;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO indicator_change (year, from_month) SELECT DISTINCT year, 1 FROM new_rows;
    ELSE
        INSERT INTO indicator_change (year, from_month) SELECT DISTINCT year, 1 FROM old_rows;
    END IF;
    RETURN NULL;
END $$;

-- Rows that name a project in project_id (stage changes, region periods).
CREATE FUNCTION indicator_change_project_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT DISTINCT e.year, 1
        FROM (SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows) x
        JOIN annual_list_entry e ON e.project_id = x.project_id;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT DISTINCT e.year, 1 FROM new_rows n JOIN annual_list_entry e ON e.project_id = n.project_id;
    ELSE
        INSERT INTO indicator_change (year, from_month)
        SELECT DISTINCT e.year, 1 FROM old_rows o JOIN annual_list_entry e ON e.project_id = o.project_id;
    END IF;
    RETURN NULL;
END $$;

-- The project itself: only when something the facts hold changed (a project is also updated for its
-- search text, version and contacts, which no figure reads).
CREATE FUNCTION indicator_change_projects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT DISTINCT e.year, 1
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        CROSS JOIN LATERAL (VALUES (n.id), (n.package_id), (o.package_id)) x(project_id)
        JOIN annual_list_entry e ON e.project_id = x.project_id
        WHERE (n.nature, n.category, n.stage, n.actual_start_date, n.manufacturing, n.industry_id, n.total_investment,
               n.package_id, n.leader_id, n.region_id, n.code, n.name, n.longitude, n.latitude)
              IS DISTINCT FROM
              (o.nature, o.category, o.stage, o.actual_start_date, o.manufacturing, o.industry_id, o.total_investment,
               o.package_id, o.leader_id, o.region_id, o.code, o.name, o.longitude, o.latitude);
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT DISTINCT e.year, 1 FROM new_rows n JOIN annual_list_entry e ON e.project_id IN (n.id, n.package_id);
    ELSE
        INSERT INTO indicator_change (year, from_month)
        SELECT DISTINCT e.year, 1 FROM old_rows o JOIN annual_list_entry e ON e.project_id IN (o.id, o.package_id);
    END IF;
    RETURN NULL;
END $$;

-- Rows that name a period in period_id (reports, snapshots).
CREATE FUNCTION indicator_change_period_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT rp.year, min(extract(MONTH FROM rp.starts_on))::INT
        FROM (SELECT period_id FROM new_rows UNION SELECT period_id FROM old_rows) x
        JOIN report_period rp ON rp.id = x.period_id GROUP BY rp.year;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT rp.year, min(extract(MONTH FROM rp.starts_on))::INT
        FROM (SELECT DISTINCT period_id FROM new_rows) n JOIN report_period rp ON rp.id = n.period_id GROUP BY rp.year;
    ELSE
        INSERT INTO indicator_change (year, from_month)
        SELECT rp.year, min(extract(MONTH FROM rp.starts_on))::INT
        FROM (SELECT DISTINCT period_id FROM old_rows) o JOIN report_period rp ON rp.id = o.period_id GROUP BY rp.year;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION indicator_change_periods() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT year, min(extract(MONTH FROM starts_on))::INT
        FROM (SELECT year, starts_on FROM new_rows UNION ALL SELECT year, starts_on FROM old_rows) x GROUP BY year;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO indicator_change (year, from_month)
        SELECT year, min(extract(MONTH FROM starts_on))::INT FROM new_rows GROUP BY year;
    ELSE
        INSERT INTO indicator_change (year, from_month)
        SELECT year, min(extract(MONTH FROM starts_on))::INT FROM old_rows GROUP BY year;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION indicator_change_everything() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_change (year, from_month) SELECT DISTINCT year, 1 FROM annual_list;
    RETURN NULL;
END $$;

CREATE TRIGGER indicator_change_entries_i AFTER INSERT ON annual_list_entry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_entries();
CREATE TRIGGER indicator_change_entries_u AFTER UPDATE ON annual_list_entry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_entries();
CREATE TRIGGER indicator_change_entries_d AFTER DELETE ON annual_list_entry
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_entries();

CREATE TRIGGER indicator_change_projects_i AFTER INSERT ON project
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_projects();
CREATE TRIGGER indicator_change_projects_u AFTER UPDATE ON project
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_projects();
CREATE TRIGGER indicator_change_projects_d AFTER DELETE ON project
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_projects();

CREATE TRIGGER indicator_change_stages_i AFTER INSERT ON project_stage_change
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_project_rows();
CREATE TRIGGER indicator_change_stages_u AFTER UPDATE ON project_stage_change
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_project_rows();
CREATE TRIGGER indicator_change_stages_d AFTER DELETE ON project_stage_change
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_project_rows();

CREATE TRIGGER indicator_change_regions_i AFTER INSERT ON project_region_period
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_project_rows();
CREATE TRIGGER indicator_change_regions_u AFTER UPDATE ON project_region_period
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_project_rows();
CREATE TRIGGER indicator_change_regions_d AFTER DELETE ON project_region_period
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_project_rows();

CREATE TRIGGER indicator_change_reports_i AFTER INSERT ON progress_report
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_period_rows();
CREATE TRIGGER indicator_change_reports_u AFTER UPDATE ON progress_report
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_period_rows();
CREATE TRIGGER indicator_change_reports_d AFTER DELETE ON progress_report
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_period_rows();

CREATE TRIGGER indicator_change_snapshots_i AFTER INSERT ON period_snapshot
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_period_rows();

CREATE TRIGGER indicator_change_periods_i AFTER INSERT ON report_period
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_periods();
CREATE TRIGGER indicator_change_periods_u AFTER UPDATE ON report_period
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_periods();
CREATE TRIGGER indicator_change_periods_d AFTER DELETE ON report_period
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_periods();

CREATE TRIGGER indicator_change_region AFTER INSERT OR UPDATE OR DELETE ON region
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_change_everything();
