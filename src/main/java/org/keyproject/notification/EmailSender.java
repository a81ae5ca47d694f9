package org.keyproject.notification;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * E-mail through the configured SMTP server (spring.mail.*). Without spring.mail.host Spring Boot
 * makes no JavaMailSender: then no e-mail deliveries are queued at all.
 */
@Component
class EmailSender {

    private final JavaMailSender mail;
    private final DeliveryProperties properties;

    EmailSender(ObjectProvider<JavaMailSender> mail, DeliveryProperties properties) {
        this.mail = mail.getIfAvailable();
        this.properties = properties;
    }

    boolean configured() {
        return mail != null;
    }

    /** Sends the notice as plain text, its link (made absolute) under the body; throws when the server refuses. */
    void send(String to, NoticeTexts.Text text, String link) {
        if (mail == null) {
            throw new IllegalStateException("no SMTP server is configured (spring.mail.host)");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(to);
        message.setSubject(text.subject());
        String url = properties.absolute(link);
        message.setText(url == null ? text.body() : text.body() + "\n\n" + url);
        mail.send(message);
    }
}
