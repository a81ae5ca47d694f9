-- The problem list's order (unassigned first, then by deadline, newest first within a day): an index in
-- that order lets the first page of a large list stop after its rows instead of sorting every match
-- (see docs/benchmarks.md, problems at province scale).
CREATE INDEX problem_list_order_idx ON problem (deadline NULLS FIRST, id DESC);
