-- Problem statistics (docs/problems.md) count problems raised and closed (销号) in a date range: an
-- index on each instant lets a period's problems be found without reading the whole table.
CREATE INDEX problem_raised_at_idx ON problem (raised_at);
CREATE INDEX problem_closed_at_idx ON problem (closed_at) WHERE closed_at IS NOT NULL;
