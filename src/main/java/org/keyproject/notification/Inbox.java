package org.keyproject.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's inbox (消息): their own notices only, newest first; another user's notice is not found.
 */
@Service
@Transactional
class Inbox {

    static final int MAX_PAGE_SIZE = 100;

    private final JdbcClient jdbc;
    private final NoticeTexts texts;

    Inbox(JdbcClient jdbc, NoticeTexts texts) {
        this.jdbc = jdbc;
        this.texts = texts;
    }

    /** One page of the caller's notices, all of them or only the unread ones, with the total. */
    @Transactional(readOnly = true)
    PageResult<InboxItem> page(CurrentUser me, boolean unreadOnly, int page, int size) {
        int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
        int pageNo = Math.max(page, 0);
        String where = "recipient_id = :me AND (NOT CAST(:unreadOnly AS BOOLEAN) OR read_at IS NULL)";
        long total = jdbc.sql("SELECT count(*) FROM notification WHERE " + where)
                .param("me", me.id()).param("unreadOnly", unreadOnly).query(Long.class).single();
        List<InboxItem> items = jdbc.sql("SELECT * FROM notification WHERE " + where
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("me", me.id()).param("unreadOnly", unreadOnly)
                .param("limit", pageSize).param("offset", (long) pageNo * pageSize)
                .query((rs, i) -> item(rs)).list();
        return new PageResult<>(items, total, pageNo, pageSize);
    }

    @Transactional(readOnly = true)
    long unread(CurrentUser me) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE recipient_id = ? AND read_at IS NULL")
                .param(me.id()).query(Long.class).single();
    }

    /** Marks one of the caller's notices read (once: reading it again keeps the first time). */
    InboxItem markRead(long id, CurrentUser me) {
        return jdbc.sql("""
                UPDATE notification SET read_at = coalesce(read_at, now())
                WHERE id = ? AND recipient_id = ? RETURNING *
                """).params(id, me.id()).query((rs, i) -> item(rs)).optional()
                .orElseThrow(() -> new NotFoundException("notification", id));
    }

    /** Marks every unread notice of the caller read; answers how many were unread. */
    int markAllRead(CurrentUser me) {
        return jdbc.sql("UPDATE notification SET read_at = now() WHERE recipient_id = ? AND read_at IS NULL")
                .param(me.id()).update();
    }

    private InboxItem item(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        NoticeTexts.Text text = texts.render(kind, rs.getString("args"), LocaleContextHolder.getLocale());
        return new InboxItem(rs.getLong("id"), kind, text.subject(), text.body(), rs.getString("link"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("read_at", OffsetDateTime.class));
    }
}
