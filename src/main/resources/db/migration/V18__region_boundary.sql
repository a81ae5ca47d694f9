-- Map boundaries (一张图): a region's outline as a GeoJSON geometry (Polygon or MultiPolygon, WGS 84
-- longitude/latitude), uploaded by an administrator for all children of a region at once; the
-- cockpit's map draws the projects over them. Nothing is ever loaded from the internet.
CREATE TABLE region_boundary (
    region_id   BIGINT PRIMARY KEY REFERENCES region (id),
    geojson     JSONB       NOT NULL CHECK (geojson ->> 'type' IN ('Polygon', 'MultiPolygon')),
    -- empty for boundaries the demo generator wrote
    uploaded_by BIGINT REFERENCES app_user (id),
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
