-- The facts of a period: one row per listed project and list level, with everything the indicators
-- count and sum. ONE definition serves both the close (which freezes it into period_snapshot) and the
-- indicators of a month that is not closed yet, so a figure reads the same before and after the close.

-- A package's sub-projects at the close, so that counts "with packages split" are reproducible too.
ALTER TABLE period_snapshot ADD COLUMN sub_projects INT NOT NULL DEFAULT 0 CHECK (sub_projects >= 0);
ALTER TABLE period_snapshot DISABLE TRIGGER period_snapshot_append_only;
UPDATE period_snapshot s SET sub_projects = (SELECT count(*) FROM project c WHERE c.package_id = s.project_id);
ALTER TABLE period_snapshot ENABLE TRIGGER period_snapshot_append_only;


-- The live facts of a period given by its attributes: every project on a list of the year whose region
-- at the period's end (project_region_period) lies in the region's subtree (for a cadence other than monthly: only projects
-- designated to a period of that cadence and start), with
--   - the report of the period (a counted one: submitted or further), preferring p_period_id, else the
--     period of the broadest region;
--   - without a counted report: nothing in the period, the year so far as last reported in the same
--     cadence and year, started as the project's actual start date says when it lies in the year up to
--     the period's end;
--   - the stage as of the period's end (the last dated stage change up to it);
--   - the nature in the period's year (a project new in 2024 is continuing on the 2025 list).
CREATE FUNCTION period_live_facts(p_region_id BIGINT, p_year INT, p_cadence VARCHAR, p_starts_on DATE, p_ends_on DATE,
                                  p_period_id BIGINT, p_skip_frozen BOOLEAN, p_level VARCHAR)
RETURNS TABLE (project_id BIGINT, list_level VARCHAR, list_entry_id BIGINT, region_id BIGINT, nature VARCHAR,
               category VARCHAR, stage VARCHAR, started_this_year BOOLEAN, started_on DATE, period_amount NUMERIC,
               ytd_amount NUMERIC, planned_investment NUMERIC, manufacturing BOOLEAN, industry_id BIGINT,
               total_investment NUMERIC, package_id BIGINT, sub_projects INT, leader_id BIGINT, target VARCHAR,
               planned_start_month INT)
LANGUAGE sql STABLE AS $$
    -- the entries first (of one level, or all when p_level is null), so that the per-project lookups
    -- below run once per entry and never over the whole library
    WITH listed AS MATERIALIZED (
        SELECT e.* FROM annual_list_entry e
        WHERE e.year = p_year AND (p_level IS NULL OR e.level = p_level)
          -- with p_skip_frozen, leave out a project and level a closed period of the same start has frozen
          AND NOT (p_skip_frozen AND EXISTS (SELECT 1 FROM period_snapshot s JOIN report_period sp ON sp.id = s.period_id
                                             WHERE s.project_id = e.project_id AND s.list_level = e.level
                                               AND sp.year = p_year AND sp.cadence = p_cadence AND sp.starts_on = p_starts_on
                                               AND sp.state = 'CLOSED'))
          AND (p_cadence = 'MONTHLY'
               OR EXISTS (SELECT 1 FROM report_period_project d JOIN report_period dp ON dp.id = d.period_id
                          WHERE d.project_id = e.project_id AND dp.cadence = p_cadence AND dp.starts_on = p_starts_on))
    )
    SELECT e.project_id, e.level, e.id, at_end.region_id,
           -- the nature in the list's year: a new project that started before the year is 续建 on it
           CASE WHEN p.nature = 'NEW' AND p.actual_start_date < make_date(p_year, 1, 1) THEN 'CONTINUING'
                ELSE p.nature END::VARCHAR,
           p.category,
           coalesce((SELECT sc.to_stage FROM project_stage_change sc
                     WHERE sc.project_id = p.id AND sc.effective_on <= p_ends_on
                     ORDER BY sc.effective_on DESC, sc.id DESC LIMIT 1), p.stage),
           CASE WHEN rep.id IS NOT NULL THEN rep.started_this_year
                ELSE coalesce(p.actual_start_date BETWEEN make_date(p_year, 1, 1) AND p_ends_on, FALSE) END,
           CASE WHEN rep.id IS NOT NULL THEN rep.started_on
                WHEN p.actual_start_date BETWEEN make_date(p_year, 1, 1) AND p_ends_on THEN p.actual_start_date END,
           coalesce(rep.period_amount, 0),
           coalesce(rep.ytd_amount, (SELECT o.ytd_amount FROM progress_report o JOIN report_period op ON op.id = o.period_id
                                     WHERE o.project_id = p.id AND op.year = p_year AND op.cadence = p_cadence
                                       AND op.starts_on < p_starts_on
                                       AND o.state IN ('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')
                                     ORDER BY op.starts_on DESC LIMIT 1), 0),
           e.planned_investment, p.manufacturing, p.industry_id, p.total_investment, p.package_id,
           (SELECT count(*)::INT FROM project c WHERE c.package_id = p.id), p.leader_id, e.target, e.planned_start_month
    FROM listed e
    JOIN project p ON p.id = e.project_id
    -- the region at the period's end; before the project's first recorded region (a ledger loaded
    -- today for past months), its first region
    CROSS JOIN LATERAL (SELECT coalesce((SELECT rp.region_id FROM project_region_period rp
                                         WHERE rp.project_id = p.id
                                         ORDER BY rp.valid_from <= p_ends_on DESC,
                                                  CASE WHEN rp.valid_from <= p_ends_on THEN rp.valid_from END DESC,
                                                  rp.valid_from
                                         LIMIT 1), p.region_id) AS region_id) at_end
    JOIN region r ON r.id = at_end.region_id
    JOIN region top ON top.id = p_region_id AND r.path LIKE top.path || '%'
    LEFT JOIN LATERAL (SELECT o.* FROM progress_report o
                       JOIN report_period op ON op.id = o.period_id
                       JOIN region opr ON opr.id = op.region_id
                       WHERE o.project_id = p.id AND op.cadence = p_cadence AND op.starts_on = p_starts_on
                         AND o.state IN ('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')
                       ORDER BY op.id = p_period_id DESC, length(opr.path), op.id LIMIT 1) rep ON TRUE
$$;

-- The facts of a month for the indicators (of one list level, or all when p_level is null): a project and level frozen by a closed monthly period of the
-- month reads from its snapshot (revision 0 as first published, or the latest revision when p_revised),
-- every other listed project from the live facts. Where periods of several regions cover one project,
-- the broadest region's period counts. source says which: 'SNAPSHOT' or 'LIVE'; period_year and
-- period_month repeat the month asked for, so that a figure's definition can name it.
CREATE FUNCTION month_facts(p_region_id BIGINT, p_year INT, p_month INT, p_revised BOOLEAN, p_level VARCHAR)
RETURNS TABLE (project_id BIGINT, list_level VARCHAR, list_entry_id BIGINT, region_id BIGINT, nature VARCHAR,
               category VARCHAR, stage VARCHAR, started_this_year BOOLEAN, started_on DATE, period_amount NUMERIC,
               ytd_amount NUMERIC, planned_investment NUMERIC, manufacturing BOOLEAN, industry_id BIGINT,
               total_investment NUMERIC, package_id BIGINT, sub_projects INT, leader_id BIGINT, target VARCHAR,
               planned_start_month INT, source VARCHAR, revision INT, period_year INT, period_month INT)
LANGUAGE sql STABLE AS $$
    WITH closed AS (
        SELECT rp.id, length(rr.path) AS depth
        FROM report_period rp JOIN region rr ON rr.id = rp.region_id
        WHERE rp.cadence = 'MONTHLY' AND rp.year = p_year AND rp.starts_on = make_date(p_year, p_month, 1)
          AND rp.state = 'CLOSED'
    ), frozen AS (
        SELECT DISTINCT ON (s.project_id, s.list_level) s.*
        FROM period_snapshot s
        JOIN closed c ON c.id = s.period_id
        WHERE p_level IS NULL OR s.list_level = p_level
        ORDER BY s.project_id, s.list_level, c.depth, c.id, CASE WHEN p_revised THEN -s.revision ELSE s.revision END
    )
    SELECT f.project_id, f.list_level, f.list_entry_id, f.region_id, f.nature, f.category, f.stage,
           f.started_this_year, f.started_on, f.period_amount, f.ytd_amount, f.planned_investment, f.manufacturing,
           f.industry_id, f.total_investment, f.package_id, f.sub_projects, f.leader_id, f.target,
           f.planned_start_month, 'SNAPSHOT'::VARCHAR, f.revision, p_year, p_month
    FROM frozen f
    JOIN region r ON r.id = f.region_id
    JOIN region top ON top.id = p_region_id AND r.path LIKE top.path || '%'
    UNION ALL
    SELECT l.*, 'LIVE'::VARCHAR, NULL::INT, p_year, p_month
    FROM period_live_facts(p_region_id, p_year, 'MONTHLY', make_date(p_year, p_month, 1),
                           (make_date(p_year, p_month, 1) + INTERVAL '1 month' - INTERVAL '1 day')::DATE, NULL, TRUE, p_level) l
$$;
