package org.keyproject.notification;

import java.time.OffsetDateTime;

/**
 * A delivery as administrators see it: over which channel, to whom (the notice's recipient for an
 * e-mail, the group robot for a webhook), its state and attempts, and the last error.
 */
record DeliveryItem(long id, long notificationId, String kind, String channel, long recipientId, String recipientName,
                    Long webhookId, String webhookName, String state, int attempts, OffsetDateTime nextAttemptAt,
                    String lastError, OffsetDateTime sentAt, OffsetDateTime createdAt) {
}
