package org.keyproject.notification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A group robot to add or replace. secret is DingTalk's signing secret: on a replacement, null keeps
 * the stored one and "" removes it. kinds null or empty means every kind; enabled defaults to true.
 * version is the one read, required to replace.
 */
record WebhookForm(@NotBlank @Size(max = 100) String name,
                   @NotNull WebhookChannel channel,
                   @NotBlank @Size(max = 1000) @Pattern(regexp = "https?://\\S+") String url,
                   @Size(max = 200) String secret,
                   @NotNull Long regionId,
                   List<@NotNull @Pattern(regexp = "[A-Z][A-Z0-9_]{0,39}") String> kinds,
                   Boolean enabled,
                   Integer version) {
}
