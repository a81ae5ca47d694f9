-- Ranking schemes (赛马方案): a coordinator's weighted composite of indicator figures by which the child
-- regions of a region are ranked each period. A scheme is never changed: saving it again under the same
-- name adds the next version, so a ranking published with version 2 can be recomputed later.
CREATE TABLE ranking_scheme (
    id         BIGSERIAL PRIMARY KEY,
    -- the region whose child regions the scheme ranks
    region_id  BIGINT       NOT NULL REFERENCES region (id),
    name       VARCHAR(100) NOT NULL CHECK (btrim(name) <> ''),
    version    INT          NOT NULL CHECK (version >= 1),
    -- {figureKey: weight}, e.g. {"completionRate": 0.6, "startRate": 0.4}; keys and weights checked by the service
    weights    JSONB        NOT NULL CHECK (jsonb_typeof(weights) = 'object' AND weights <> '{}'::jsonb),
    created_by BIGINT       NOT NULL REFERENCES app_user (id),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (region_id, name, version)
);
