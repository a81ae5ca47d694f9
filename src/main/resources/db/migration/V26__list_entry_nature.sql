-- A year's nature on its list (建设性质 as that year's ledger or list says): a project new on the 2025 list
-- and continuing on the 2026 one keeps both, although the project itself holds only its latest nature.
-- Null: not given, and the nature is derived as before (a new project that started before the year is
-- continuing on that year's list).
ALTER TABLE annual_list_entry ADD COLUMN nature VARCHAR(12) CHECK (nature IN ('NEW', 'CONTINUING'));

-- The live facts of V17 with the entry's nature first.
CREATE OR REPLACE FUNCTION period_live_facts(p_region_id BIGINT, p_year INT, p_cadence VARCHAR, p_starts_on DATE, p_ends_on DATE,
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
           -- the nature in the list's year: as that year's list says; else a new project that started
           -- before the year is 续建 on it
           coalesce(e.nature, CASE WHEN p.nature = 'NEW' AND p.actual_start_date < make_date(p_year, 1, 1) THEN 'CONTINUING'
                                   ELSE p.nature END)::VARCHAR,
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
