package org.keyproject.notification;

/** The group robots (群机器人) a notice can be posted to, each with its own message format. */
enum WebhookChannel {
    /** 企业微信群机器人 */
    WECOM,
    /** 钉钉自定义机器人, optionally signing each call with a secret (加签) */
    DINGTALK
}
