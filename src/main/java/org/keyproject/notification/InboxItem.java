package org.keyproject.notification;

import java.time.OffsetDateTime;

/** A notice as its recipient reads it, rendered in their language; readAt is null while unread. */
record InboxItem(long id, String kind, String subject, String body, String link, OffsetDateTime createdAt,
                 OffsetDateTime readAt) {

    public boolean unread() {
        return readAt == null;
    }
}
