-- 未分类 (unclassified): a ledger that names no category, by column, section row, 行业 or title, still
-- imports; the coordinator completes the category later. Indicators count such projects in every
-- total and in no category.
ALTER TABLE project DROP CONSTRAINT project_category_check;
ALTER TABLE project ADD CONSTRAINT project_category_check
    CHECK (category IN ('INDUSTRIAL', 'INFRASTRUCTURE', 'SOCIAL', 'UNCLASSIFIED'));

-- An industry (行业) may belong to a category, so that a ledger giving only 行业 gives the category too.
ALTER TABLE industry ADD COLUMN category VARCHAR(16) CHECK (category IN ('INDUSTRIAL', 'INFRASTRUCTURE', 'SOCIAL'));
ALTER TABLE industry ADD COLUMN manufacturing BOOLEAN NOT NULL DEFAULT FALSE;

-- Set-based imports match rows to projects by name and owner.
CREATE INDEX project_name_idx ON project (name);
