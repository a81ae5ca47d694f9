/**
 * Notifications (通知): notices to one user each, created in bulk and without duplicates by other
 * modules ({@link org.keyproject.notification.Notifications}), read in the in-app inbox (消息) and its
 * API. Rendered when read, in the reader's language. Shaped for deliveries over e-mail and WeCom or
 * DingTalk webhooks (notification_delivery).
 */
package org.keyproject.notification;
