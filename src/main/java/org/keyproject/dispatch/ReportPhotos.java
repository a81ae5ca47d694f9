package org.keyproject.dispatch;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FileTypes;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Site photos (现场照片) of a progress report: JPEG or PNG as their first bytes say (whatever the
 * declared type or name), at most a configured size, stored in PostgreSQL with a JPEG thumbnail
 * about 240 px wide. Whoever may change the report adds photos; whoever sees it sees them.
 */
@Service
@Transactional
class ReportPhotos {

    static final String AUDIT_TYPE = "report_photo";
    static final int THUMBNAIL_WIDTH = 240;
    /** Beyond this many pixels a photo is refused before decoding, so a small file cannot unpack into gigabytes. */
    static final long MAX_PIXELS = 60_000_000L;

    private static final String COLUMNS = "SELECT id, report_id, content_type, size, filename, uploaded_by, uploaded_at FROM report_photo";
    private static final RowMapper<Photo> ROW = (rs, i) -> new Photo(rs.getLong("id"), rs.getLong("report_id"),
            rs.getString("content_type"), rs.getInt("size"), rs.getString("filename"), (Long) rs.getObject("uploaded_by"),
            rs.getObject("uploaded_at", OffsetDateTime.class));

    private final JdbcClient jdbc;
    private final Reports reports;
    private final AuditTrail audit;
    private final int maxMegabytes;

    ReportPhotos(JdbcClient jdbc, Reports reports, AuditTrail audit,
                 @Value("${keyproject.dispatch.photo-max-mb:5}") int maxMegabytes) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.audit = audit;
        this.maxMegabytes = maxMegabytes;
    }

    record Photo(long id, long reportId, String contentType, int size, String filename, Long uploadedBy,
                 OffsetDateTime uploadedAt) {
    }

    /** A photo's or thumbnail's bytes and how to serve them. */
    record Content(String contentType, String filename, byte[] bytes) {
    }

    /** Adds a photo to a saved report the caller may still change; a file that is not a JPEG or PNG is refused. */
    Photo upload(long periodId, long projectId, String filename, byte[] bytes, CurrentUser by) {
        Report report = reports.changeable(periodId, projectId, by);
        String name = FileTypes.filename(filename, "photo");
        if (bytes.length > maxMegabytes * 1024L * 1024L) {
            throw new InvalidInputException("photo", "error.photo.tooLarge", name, maxMegabytes);
        }
        String type = FileTypes.detect(bytes).filter(t -> !t.equals(FileTypes.PDF))
                .orElseThrow(() -> new InvalidInputException("photo", "error.photo.type", name));
        byte[] thumbnail = thumbnail(bytes, name);
        long id = jdbc.sql("""
                INSERT INTO report_photo (report_id, content_type, bytes, thumbnail, size, filename, uploaded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """).params(report.id(), type, bytes, thumbnail, bytes.length, name, by.id()).query(Long.class).single();
        audit.record(AUDIT_TYPE, id, "UPLOAD", null, json(id), by.id(), by.displayName());
        return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query(ROW).single();
    }

    /** The photos of the project's report of the period, oldest first (none before the report is saved). */
    @Transactional(readOnly = true)
    List<Photo> list(long periodId, long projectId, CurrentUser by) {
        return reports.current(periodId, projectId, by)
                .map(r -> jdbc.sql(COLUMNS + " WHERE report_id = ? ORDER BY id").param(r.id()).query(ROW).list())
                .orElse(List.of());
    }

    /** A photo or its thumbnail, when the caller sees its report; otherwise not found. */
    @Transactional(readOnly = true)
    Content content(long photoId, boolean thumbnail, CurrentUser by) {
        record Owner(long periodId, long projectId) {
        }
        Owner owner = jdbc.sql("""
                SELECT pr.period_id, pr.project_id FROM report_photo ph JOIN progress_report pr ON pr.id = ph.report_id
                WHERE ph.id = ?
                """).param(photoId).query((rs, i) -> new Owner(rs.getLong(1), rs.getLong(2))).optional()
                .orElseThrow(() -> new NotFoundException("report_photo", photoId));
        try {
            reports.current(owner.periodId(), owner.projectId(), by);
        } catch (NotFoundException e) {
            throw new NotFoundException("report_photo", photoId);
        }
        return jdbc.sql("SELECT content_type, filename, " + (thumbnail ? "thumbnail" : "bytes") + " FROM report_photo WHERE id = ?")
                .param(photoId)
                .query((rs, i) -> new Content(thumbnail ? "image/jpeg" : rs.getString(1), rs.getString(2), rs.getBytes(3)))
                .single();
    }

    /** A JPEG at most {@link #THUMBNAIL_WIDTH} wide; an image that does not decode is refused as not a photo. */
    static byte[] thumbnail(byte[] bytes, String name) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException("photo", "error.photo.type", name);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
                    throw new InvalidInputException("photo", "error.photo.pixels", name);
                }
                BufferedImage image = reader.read(0);
                int width = Math.min(THUMBNAIL_WIDTH, image.getWidth());
                int height = Math.max(1, Math.round(image.getHeight() * (float) width / image.getWidth()));
                BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = small.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, 0, 0, width, height, Color.WHITE, null);
                g.dispose();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(small, "jpg", out);
                return out.toByteArray();
            } finally {
                reader.dispose();
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a broken image makes the decoders throw about anything
            throw new InvalidInputException("photo", "error.photo.type", name);
        }
    }

    private String json(long id) {
        return jdbc.sql("SELECT (to_jsonb(ph) - 'bytes' - 'thumbnail' - 'uploaded_at')::text FROM report_photo ph WHERE id = ?")
                .param(id).query(String.class).single();
    }
}
