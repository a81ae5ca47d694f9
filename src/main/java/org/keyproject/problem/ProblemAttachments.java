package org.keyproject.problem;

import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FileTypes;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Files attached to a problem (site photos, scanned letters): JPEG, PNG or PDF as their first bytes say,
 * at most {@code keyproject.problems.attachment-max-mb} MB, kept in PostgreSQL. Whoever takes part in an
 * open problem attaches; whoever sees the problem reads them.
 */
@Service
@Transactional
class ProblemAttachments {

    private final JdbcClient jdbc;
    private final ProblemQueries queries;
    private final AuditTrail audit;
    private final int maxMegabytes;

    ProblemAttachments(JdbcClient jdbc, ProblemQueries queries, AuditTrail audit,
                       @Value("${keyproject.problems.attachment-max-mb:10}") int maxMegabytes) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.audit = audit;
        this.maxMegabytes = maxMegabytes;
    }

    /** A file's bytes and how to serve them. */
    record Content(String contentType, String filename, byte[] bytes) {
    }

    Problem.Attachment upload(long problemId, String filename, byte[] bytes, CurrentUser by) {
        Problem problem = queries.get(problemId, by.scope());
        if (!Problems.mayAttach(problem, by)) {
            throw new ForbiddenException("error.forbidden");
        }
        String name = FileTypes.filename(filename, "attachment");
        if (bytes.length > maxMegabytes * 1024L * 1024L) {
            throw new InvalidInputException("file", "error.problem.fileTooLarge", name, maxMegabytes);
        }
        String type = FileTypes.detect(bytes).orElseThrow(() -> new InvalidInputException("file", "error.problem.fileType", name));
        long id = jdbc.sql("""
                INSERT INTO problem_attachment (problem_id, content_type, bytes, size, filename, uploaded_by)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """).params(problemId, type, bytes, bytes.length, name, by.id()).query(Long.class).single();
        String after = jdbc.sql("SELECT jsonb_build_object('attachment', id, 'filename', filename)::text FROM problem_attachment WHERE id = ?")
                .param(id).query(String.class).single();
        audit.record(Problems.AUDIT_TYPE, problemId, "ATTACH", "{}", after, by.id(), by.displayName());
        return queries.attachments(problemId).stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }

    /** An attachment of a problem the caller sees; otherwise not found. */
    @Transactional(readOnly = true)
    Content content(long problemId, long attachmentId, CurrentUser by) {
        queries.get(problemId, by.scope());
        return jdbc.sql("SELECT content_type, filename, bytes FROM problem_attachment WHERE id = ? AND problem_id = ?")
                .params(attachmentId, problemId)
                .query((rs, i) -> new Content(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .optional().orElseThrow(() -> new NotFoundException("problem_attachment", attachmentId));
    }
}
