package org.keyproject.ledger;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Uploaded ledgers between preview and confirm, in PostgreSQL; a day later they are gone. */
@Repository
class LedgerUploads {

    record Upload(UUID id, long userId, String filename, byte[] content) {
    }

    private final JdbcClient jdbc;

    LedgerUploads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Upload store(long userId, String filename, byte[] content) {
        jdbc.sql("DELETE FROM ledger_upload WHERE created_at < now() - interval '1 day'").update();
        Upload upload = new Upload(UUID.randomUUID(), userId, filename == null || filename.isBlank() ? "ledger.xlsx" : filename,
                content);
        jdbc.sql("INSERT INTO ledger_upload (id, user_id, filename, content) VALUES (?, ?, ?, ?)")
                .params(upload.id(), userId, upload.filename(), content).update();
        return upload;
    }

    /** The upload, only for the user who made it. */
    Optional<Upload> find(UUID id, long userId) {
        return jdbc.sql("SELECT id, user_id, filename, content FROM ledger_upload WHERE id = ? AND user_id = ?")
                .params(id, userId)
                .query((rs, i) -> new Upload(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getBytes(4)))
                .optional();
    }

    void delete(UUID id) {
        jdbc.sql("DELETE FROM ledger_upload WHERE id = ?").param(id).update();
    }
}
