-- Site photos of a progress report (现场照片): JPEG or PNG, checked by their first bytes, with a
-- thumbnail about 240 px wide for lists and phones; kept in PostgreSQL beside the report.
CREATE TABLE report_photo (
    id           BIGSERIAL PRIMARY KEY,
    report_id    BIGINT       NOT NULL REFERENCES progress_report (id),
    content_type VARCHAR(16)  NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes        BYTEA        NOT NULL,
    -- always a JPEG
    thumbnail    BYTEA        NOT NULL,
    size         INT          NOT NULL CHECK (size > 0),
    filename     VARCHAR(255) NOT NULL,
    uploaded_by  BIGINT REFERENCES app_user (id),
    uploaded_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX report_photo_report ON report_photo (report_id, id);
