/**
 * Notifications (通知): notices to one user each, created in bulk and without duplicates by other
 * modules ({@link org.keyproject.notification.Notifications}), read in the in-app inbox (消息) and its
 * API. Rendered when read, in the reader's language. Delivered too by e-mail and to WeCom and DingTalk
 * group robots (notification_delivery, notification_webhook) by a job that sends each at least once.
 */
package org.keyproject.notification;
