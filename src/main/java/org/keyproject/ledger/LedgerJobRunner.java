package org.keyproject.ledger;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Runs a page's ledger preview (dry run) or import on the ledger's own threads and records its
 * progress and report in {@link LedgerJobs}. The job runs in the language of the request that
 * started it, so that the report's messages are the user's.
 */
@Component
class LedgerJobRunner {

    private static final Logger log = LoggerFactory.getLogger(LedgerJobRunner.class);
    /** Well inside {@link LedgerJobs#STALE}. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final LedgerImport ledgerImport;
    private final LedgerUploads uploads;
    private final LedgerJobs jobs;
    private final TaskExecutor executor;
    private final TaskScheduler scheduler;

    LedgerJobRunner(LedgerImport ledgerImport, LedgerUploads uploads, LedgerJobs jobs,
                    @Qualifier(LedgerJobConfiguration.EXECUTOR) TaskExecutor executor, TaskScheduler scheduler) {
        this.ledgerImport = ledgerImport;
        this.uploads = uploads;
        this.jobs = jobs;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /**
     * Starts the job and answers its id at once. The job reads the file from the database when its
     * turn comes, so that a queue of waiting jobs holds no files in memory. A preview that finds
     * errors, and an import that landed, remove the upload: nothing will be confirmed from it any more.
     */
    UUID start(LedgerJobs.Kind kind, LedgerUploads.Upload upload, LedgerImport.Options options, CurrentUser by) {
        UUID id = jobs.start(by.id(), upload, kind, options);
        UUID uploadId = upload.id();
        Locale locale = LocaleContextHolder.getLocale();
        // from now on, queued or running, this node vouches for the job
        ScheduledFuture<?> heartbeat = scheduler.scheduleAtFixedRate(() -> jobs.touch(id), HEARTBEAT);
        try {
            executor.execute(() -> {
                LocaleContextHolder.setLocale(locale);
                try {
                    byte[] content = uploads.find(uploadId, by.id()).orElseThrow(() -> new NotFoundException("upload", uploadId))
                            .content();
                    LedgerReport report = ledgerImport.importLedger(content, options, by, jobs.progress(id));
                    if (kind == LedgerJobs.Kind.PREVIEW ? report.hasErrors() : report.applied()) {
                        uploads.delete(uploadId);
                    }
                    jobs.done(id, report);
                } catch (RuntimeException e) {
                    log.error("Ledger {} job {} failed", kind, id, e);
                    jobs.failed(id, e.toString());
                } finally {
                    heartbeat.cancel(false);
                    LocaleContextHolder.resetLocaleContext();
                }
            });
        } catch (TaskRejectedException e) {
            heartbeat.cancel(false);
            log.warn("Ledger {} job {} refused: the ledger's job queue is full", kind, id);
            jobs.failed(id, "queue full");
        }
        return id;
    }
}
