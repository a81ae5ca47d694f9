-- Free-text search on project name, code and owner name stays indexed at 100,000+ projects.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX project_name_trgm ON project USING gin (name gin_trgm_ops);
CREATE INDEX project_code_trgm ON project USING gin (code gin_trgm_ops);
CREATE INDEX organization_name_trgm ON organization USING gin (name gin_trgm_ops);
