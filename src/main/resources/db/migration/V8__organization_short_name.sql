-- Organisations are matched by full or short name (ledger imports do it for every row).
CREATE INDEX organization_short_name_kind ON organization (kind, short_name);
