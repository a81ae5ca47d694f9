-- The problems a service raised or helped close (服务 ↔ 问题). A service that raised a problem either
-- named one already raised on the same project or raised a new one through the problem loop; a service
-- that helped close one is only linked to it: closing (销号) still follows the loop. See docs/services.md.
CREATE TABLE service_problem (
    service_id BIGINT     NOT NULL REFERENCES service_record (id) ON DELETE CASCADE,
    problem_id BIGINT     NOT NULL REFERENCES problem (id),
    role       VARCHAR(6) NOT NULL CHECK (role IN ('RAISED', 'CLOSED')),
    PRIMARY KEY (service_id, problem_id, role)
);
-- the services of a problem, for its page
CREATE INDEX service_problem_problem ON service_problem (problem_id);
