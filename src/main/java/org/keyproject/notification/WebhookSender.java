package org.keyproject.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Posts a notice to a WeCom or DingTalk group robot as markdown. Both answer {"errcode":0,"errmsg":"ok"};
 * an answer outside 2xx, or with another errcode, is a failure (an exception), to be retried.
 */
@Component
class WebhookSender {

    private final HttpClient http;
    private final ObjectMapper json;
    private final MessageSource messages;
    private final DeliveryProperties properties;

    WebhookSender(ObjectMapper json, MessageSource messages, DeliveryProperties properties) {
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.json = json;
        this.messages = messages;
        this.properties = properties;
    }

    void send(WebhookChannel channel, String url, String secret, NoticeTexts.Text text, String link, Locale locale)
            throws IOException, InterruptedException {
        String target = secret == null ? url : signed(url, secret, System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(URI.create(target)).timeout(properties.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(channel, text, link, locale), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        JsonNode answer = parse(response.body());
        if (answer != null && answer.hasNonNull("errcode") && answer.get("errcode").asInt() != 0) {
            throw new IOException("errcode " + answer.get("errcode").asText() + ": " + answer.path("errmsg").asText());
        }
    }

    /**
     * The message: WeCom {"msgtype":"markdown","markdown":{"content":…}}, DingTalk
     * {"msgtype":"markdown","markdown":{"title":…,"text":…}}; the subject in bold, the body, the link.
     */
    String body(WebhookChannel channel, NoticeTexts.Text text, String link, Locale locale) {
        String url = properties.absolute(link);
        String more = url == null ? "" : "\n\n[" + messages.getMessage("notification.delivery.open", null, locale) + "](" + url + ")";
        Map<String, Object> markdown = switch (channel) {
            case WECOM -> Map.of("content", "**" + text.subject() + "**\n" + text.body() + more);
            case DINGTALK -> Map.of("title", text.subject(), "text", "#### " + text.subject() + "\n\n" + text.body() + more);
        };
        try {
            return json.writeValueAsString(Map.of("msgtype", "markdown", "markdown", markdown));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * DingTalk's signing (加签): timestamp in milliseconds and sign = Base64(HmacSHA256(secret,
     * timestamp + "\n" + secret)), URL-encoded, as query parameters.
     */
    static String signed(String url, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sign = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                    + URLEncoder.encode(Base64.getEncoder().encodeToString(sign), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }
}
