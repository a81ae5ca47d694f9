package org.keyproject.notification;

import java.util.List;

/**
 * A group robot as administrators see it. The signing secret is never shown: signed says whether
 * there is one. kinds is null for every kind.
 */
record Webhook(long id, String name, WebhookChannel channel, String url, boolean signed, long regionId,
               String regionName, List<String> kinds, boolean enabled, int version) {
}
