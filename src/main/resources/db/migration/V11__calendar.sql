-- The working-day calendar (工作日历). Monday to Friday are working days, Saturday and Sunday are not,
-- except on the days the State Council's yearly notice (国务院办公厅关于部分节假日安排的通知) lists:
-- holidays (法定节假日, including the weekend days inside a break) and adjusted working weekends
-- (调休上班). calendar_year names the years whose notice is loaded; a year without a row falls back to
-- the weekend rule alone. calendar_day holds only the exceptions, and only for a loaded year.
CREATE TABLE calendar_year (
    year         INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2200),
    source       TEXT        NOT NULL,
    published_on DATE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE calendar_day (
    day        DATE PRIMARY KEY,
    year       INTEGER     NOT NULL GENERATED ALWAYS AS (CAST(extract(YEAR FROM day) AS INTEGER)) STORED
                           REFERENCES calendar_year (year),
    working    BOOLEAN     NOT NULL,
    kind       VARCHAR(20) NOT NULL CHECK (kind IN ('HOLIDAY', 'ADJUSTED_WORKDAY')),
    name       VARCHAR(40) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (working = (kind = 'ADJUSTED_WORKDAY')),
    -- a weekday is a working day anyway: only a Saturday or Sunday can be adjusted to one
    CHECK (kind <> 'ADJUSTED_WORKDAY' OR extract(ISODOW FROM day) >= 6)
);
CREATE INDEX calendar_day_year ON calendar_day (year);

-- For set-based SQL (deadlines of many rows at once). Same rules as the Java service WorkingDays,
-- which a test compares day by day.
CREATE FUNCTION is_working_day(d DATE) RETURNS BOOLEAN
    LANGUAGE sql STABLE STRICT AS $$
    SELECT coalesce((SELECT c.working FROM calendar_day c WHERE c.day = d), extract(ISODOW FROM d) < 6)
$$;

-- The n-th working day after from_day (n >= 1); for n = 0, from_day itself if it is a working day,
-- else the next working day. Looks in a window of 2n + 30 days first (a year has about 250 working
-- days in 365) and widens it in the unlikely case an administrator marked more days off than that.
CREATE FUNCTION working_day_add(from_day DATE, n INTEGER) RETURNS DATE
    LANGUAGE plpgsql STABLE STRICT AS $$
DECLARE
    first_day DATE := from_day + CASE WHEN n = 0 THEN 0 ELSE 1 END;
    span      INTEGER := n * 2 + 30;
    answer    DATE;
BEGIN
    IF n < 0 THEN
        RAISE EXCEPTION 'working_day_add: n must not be negative, got %', n;
    END IF;
    LOOP
        SELECT g.d::date INTO answer
        FROM generate_series(first_day, first_day + span, INTERVAL '1 day') g (d)
        LEFT JOIN calendar_day c ON c.day = g.d::date
        WHERE coalesce(c.working, extract(ISODOW FROM g.d) < 6)
        ORDER BY g.d
        OFFSET greatest(n - 1, 0) LIMIT 1;
        IF answer IS NOT NULL THEN
            RETURN answer;
        END IF;
        span := span * 2;
    END LOOP;
END
$$;

-- Working days in (from_day, to_day]; negative when to_day is before from_day, so that
-- working_days_between(d, working_day_add(d, n)) = n for every n >= 1.
CREATE FUNCTION working_days_between(from_day DATE, to_day DATE) RETURNS INTEGER
    LANGUAGE sql STABLE STRICT AS $$
    SELECT CAST(sign(to_day - from_day) AS INTEGER) * count(*)::integer
    FROM generate_series(least(from_day, to_day) + 1, greatest(from_day, to_day), INTERVAL '1 day') g (d)
    LEFT JOIN calendar_day c ON c.day = g.d::date
    WHERE coalesce(c.working, extract(ISODOW FROM g.d) < 6)
$$;

-- The notices for 2024, 2025 and 2026, as published.
INSERT INTO calendar_year (year, source, published_on) VALUES
    (2024, '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）', DATE '2023-10-25'),
    (2025, '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）', DATE '2024-11-12'),
    (2026, '国务院办公厅关于2026年部分节假日安排的通知', DATE '2025-11-04');

INSERT INTO calendar_day (day, working, kind, name)
SELECT g.d::date, r.working, CASE WHEN r.working THEN 'ADJUSTED_WORKDAY' ELSE 'HOLIDAY' END, r.name
FROM (VALUES
    (DATE '2024-01-01', DATE '2024-01-01', false, '元旦'),
    (DATE '2024-02-10', DATE '2024-02-17', false, '春节'),
    (DATE '2024-02-04', DATE '2024-02-04', true,  '春节调休上班'),
    (DATE '2024-02-18', DATE '2024-02-18', true,  '春节调休上班'),
    (DATE '2024-04-04', DATE '2024-04-06', false, '清明节'),
    (DATE '2024-04-07', DATE '2024-04-07', true,  '清明节调休上班'),
    (DATE '2024-05-01', DATE '2024-05-05', false, '劳动节'),
    (DATE '2024-04-28', DATE '2024-04-28', true,  '劳动节调休上班'),
    (DATE '2024-05-11', DATE '2024-05-11', true,  '劳动节调休上班'),
    (DATE '2024-06-10', DATE '2024-06-10', false, '端午节'),
    (DATE '2024-09-15', DATE '2024-09-17', false, '中秋节'),
    (DATE '2024-09-14', DATE '2024-09-14', true,  '中秋节调休上班'),
    (DATE '2024-10-01', DATE '2024-10-07', false, '国庆节'),
    (DATE '2024-09-29', DATE '2024-09-29', true,  '国庆节调休上班'),
    (DATE '2024-10-12', DATE '2024-10-12', true,  '国庆节调休上班'),

    (DATE '2025-01-01', DATE '2025-01-01', false, '元旦'),
    (DATE '2025-01-28', DATE '2025-02-04', false, '春节'),
    (DATE '2025-01-26', DATE '2025-01-26', true,  '春节调休上班'),
    (DATE '2025-02-08', DATE '2025-02-08', true,  '春节调休上班'),
    (DATE '2025-04-04', DATE '2025-04-06', false, '清明节'),
    (DATE '2025-05-01', DATE '2025-05-05', false, '劳动节'),
    (DATE '2025-04-27', DATE '2025-04-27', true,  '劳动节调休上班'),
    (DATE '2025-05-31', DATE '2025-06-02', false, '端午节'),
    (DATE '2025-10-01', DATE '2025-10-08', false, '国庆节、中秋节'),
    (DATE '2025-09-28', DATE '2025-09-28', true,  '国庆节、中秋节调休上班'),
    (DATE '2025-10-11', DATE '2025-10-11', true,  '国庆节、中秋节调休上班'),

    (DATE '2026-01-01', DATE '2026-01-03', false, '元旦'),
    (DATE '2026-01-04', DATE '2026-01-04', true,  '元旦调休上班'),
    (DATE '2026-02-15', DATE '2026-02-23', false, '春节'),
    (DATE '2026-02-14', DATE '2026-02-14', true,  '春节调休上班'),
    (DATE '2026-02-28', DATE '2026-02-28', true,  '春节调休上班'),
    (DATE '2026-04-04', DATE '2026-04-06', false, '清明节'),
    (DATE '2026-05-01', DATE '2026-05-05', false, '劳动节'),
    (DATE '2026-05-09', DATE '2026-05-09', true,  '劳动节调休上班'),
    (DATE '2026-06-19', DATE '2026-06-21', false, '端午节'),
    (DATE '2026-09-25', DATE '2026-09-27', false, '中秋节'),
    (DATE '2026-10-01', DATE '2026-10-07', false, '国庆节'),
    (DATE '2026-09-20', DATE '2026-09-20', true,  '国庆节调休上班'),
    (DATE '2026-10-10', DATE '2026-10-10', true,  '国庆节调休上班')
) r (first_day, last_day, working, name)
CROSS JOIN LATERAL generate_series(r.first_day, r.last_day, INTERVAL '1 day') g (d);
