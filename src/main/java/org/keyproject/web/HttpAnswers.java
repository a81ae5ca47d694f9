package org.keyproject.web;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** What the API's controllers read from and write to HTTP the same way: If-Match versions, stored files. */
public final class HttpAnswers {

    private HttpAnswers() {
    }

    /** If-Match: "3" (or W/"3") → 3; null when absent or without a number. */
    public static Integer ifMatchVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String digits = ifMatch.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? null : Integer.valueOf(digits);
    }

    /**
     * A stored file shown in the browser (inline) under its name, of the type its first bytes gave when it
     * was stored; nosniff, so that the browser takes no other type from its content.
     */
    public static ResponseEntity<byte[]> inlineFile(String contentType, String filename, byte[] bytes) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(contentType))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(filename, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes);
    }
}
