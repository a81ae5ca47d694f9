-- Regions (行政区划): city → county/district/zone → town/street.
-- path is the materialised chain of ids ('/1/4/17/'), so a subtree is one indexed prefix match.
-- Regions are never deleted: a merged or renamed region gets valid_to and a successor, so that
-- figures for past months can still be cut by the regions as they were.
CREATE TABLE region (
    id           BIGSERIAL PRIMARY KEY,
    code         VARCHAR(20)  NOT NULL UNIQUE,
    name         VARCHAR(100) NOT NULL,
    short_name   VARCHAR(50),
    level        VARCHAR(10)  NOT NULL CHECK (level IN ('PROVINCE', 'CITY', 'COUNTY', 'TOWN')),
    kind         VARCHAR(12)  NOT NULL CHECK (kind IN ('PROVINCE', 'CITY', 'DISTRICT', 'COUNTY', 'COUNTY_CITY', 'ZONE', 'TOWN', 'STREET')),
    parent_id    BIGINT REFERENCES region (id),
    path         VARCHAR(400) NOT NULL,
    sort_order   INT          NOT NULL DEFAULT 0,
    valid_from   DATE         NOT NULL DEFAULT DATE '2000-01-01',
    valid_to     DATE,
    successor_id BIGINT REFERENCES region (id),
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX region_path_idx ON region (path text_pattern_ops);
CREATE INDEX region_parent_idx ON region (parent_id);
CREATE UNIQUE INDEX region_name_under_parent ON region (COALESCE(parent_id, 0), name) WHERE valid_to IS NULL;
