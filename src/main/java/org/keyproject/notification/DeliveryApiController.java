package org.keyproject.notification;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administrators: the group robots notices go to, and the deliveries with the failed ones to retry. */
@RestController
@RequestMapping("/api/v1")
class DeliveryApiController {

    private final NotificationWebhooks webhooks;
    private final Deliveries deliveries;

    DeliveryApiController(NotificationWebhooks webhooks, Deliveries deliveries) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
    }

    @GetMapping("/notification-webhooks")
    List<Webhook> webhooks(@AuthenticationPrincipal CurrentUser me) {
        return webhooks.list(me);
    }

    @PostMapping("/notification-webhooks")
    ResponseEntity<Webhook> create(@Valid @RequestBody WebhookForm form, @AuthenticationPrincipal CurrentUser me) {
        Webhook created = webhooks.create(form, me);
        return ResponseEntity.created(URI.create("/api/v1/notification-webhooks/" + created.id())).body(created);
    }

    @GetMapping("/notification-webhooks/{id}")
    Webhook webhook(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return webhooks.get(id, me);
    }

    @PutMapping("/notification-webhooks/{id}")
    Webhook update(@PathVariable long id, @Valid @RequestBody WebhookForm form, @AuthenticationPrincipal CurrentUser me) {
        return webhooks.update(id, form, me);
    }

    @DeleteMapping("/notification-webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        webhooks.delete(id, me);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/notification-deliveries")
    PageResult<DeliveryItem> deliveries(@RequestParam(required = false) String state,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "20") int size,
                                        @AuthenticationPrincipal CurrentUser me) {
        return deliveries.page(state, page, size, me);
    }

    @PostMapping("/notification-deliveries/{id}/retry")
    DeliveryItem retry(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return deliveries.retry(id, me);
    }
}
