package org.keyproject.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ledger previews and imports running in the background, in PostgreSQL so that the page polling a
 * job may reach any node. A job still RUNNING whose row has not been touched for {@link #STALE}
 * lost its node and reads as FAILED.
 */
@Repository
class LedgerJobs {

    static final Duration STALE = Duration.ofMinutes(2);
    /** Progress is written at most this often (besides phase changes and the end). */
    static final Duration THROTTLE = Duration.ofMillis(250);
    static final String WAITING = "ledger.phase.waiting";

    enum Kind {
        PREVIEW, IMPORT
    }

    enum State {
        RUNNING, DONE, FAILED
    }

    /** A job as its user sees it; report is set once it is DONE. */
    record Job(UUID id, UUID uploadId, String filename, Kind kind, Integer year, boolean createMissing, State state,
               int percent, String phase, LedgerReport report) {

        boolean running() {
            return state == State.RUNNING;
        }

        boolean failed() {
            return state == State.FAILED;
        }
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate ownTransaction;

    LedgerJobs(JdbcClient jdbc, ObjectMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Records a new running job for the upload; jobs older than a day go, as their uploads do. */
    UUID start(long userId, LedgerUploads.Upload upload, Kind kind, LedgerImport.Options options) {
        jdbc.sql("DELETE FROM ledger_job WHERE created_at < now() - interval '1 day'").update();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO ledger_job (id, user_id, upload_id, filename, kind, list_year, create_missing, state, phase)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?)""")
                .params(id, userId, upload.id(), upload.filename(), kind.name(), options.year(), options.createMissing(), WAITING)
                .update();
        return id;
    }

    /** The job, only for the user who started it. */
    Optional<Job> find(UUID id, long userId) {
        return jdbc.sql("""
                SELECT id, upload_id, filename, kind, list_year, create_missing,
                       CASE WHEN state = 'RUNNING' AND updated_at < now() - make_interval(secs => ?) THEN 'FAILED'
                            ELSE state END,
                       percent, phase, report::text
                FROM ledger_job WHERE id = ? AND user_id = ?""")
                .params(STALE.toSeconds(), id, userId)
                .query((rs, i) -> new Job(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        Kind.valueOf(rs.getString(4)), rs.getObject(5, Integer.class), rs.getBoolean(6),
                        State.valueOf(rs.getString(7)), rs.getInt(8), rs.getString(9), report(rs.getString(10))))
                .optional();
    }

    /** Tells the pages that the node running the job is alive, however long a phase takes. */
    void touch(UUID id) {
        jdbc.sql("UPDATE ledger_job SET updated_at = now() WHERE id = ? AND state = 'RUNNING'").param(id).update();
    }

    void done(UUID id, LedgerReport report) {
        String text;
        try {
            text = json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.sql("""
                UPDATE ledger_job SET state = 'DONE', percent = 100, phase = 'ledger.phase.done', report = ?::jsonb,
                       updated_at = now()
                WHERE id = ?""").params(text, id).update();
    }

    void failed(UUID id, String error) {
        jdbc.sql("UPDATE ledger_job SET state = 'FAILED', error = ?, updated_at = now() WHERE id = ?").params(error, id).update();
    }

    /**
     * Writes the job's progress, each write in its own transaction: the import calls it inside its
     * own transaction, which other connections cannot see and a dry run rolls back.
     */
    LedgerImport.Progress progress(UUID id) {
        return progress(id, System::nanoTime);
    }

    LedgerImport.Progress progress(UUID id, LongSupplier nanoClock) {
        return new LedgerImport.Progress() {
            private long lastWrite;
            private String lastPhase;

            @Override
            public void at(int percent, String phaseKey) {
                long now = nanoClock.getAsLong();
                boolean due = lastPhase == null || now - lastWrite >= THROTTLE.toNanos();
                if (due || percent >= 100 || !phaseKey.equals(lastPhase)) {
                    lastWrite = now;
                    lastPhase = phaseKey;
                    ownTransaction.executeWithoutResult(status -> jdbc.sql("""
                            UPDATE ledger_job SET percent = ?, phase = ?, updated_at = now()
                            WHERE id = ? AND state = 'RUNNING'""")
                            .params(Math.max(0, Math.min(100, percent)), phaseKey, id).update());
                }
            }
        };
    }

    private LedgerReport report(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, LedgerReport.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
