package org.keyproject.notification;

import java.util.Map;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's inbox over the API: their notices, the unread count, marking read. */
@RestController
@RequestMapping("/api/v1/inbox")
class InboxApiController {

    private final Inbox inbox;

    InboxApiController(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping
    PageResult<InboxItem> list(@RequestParam(defaultValue = "false") boolean unread,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                               @AuthenticationPrincipal CurrentUser me) {
        return inbox.page(me, unread, page, size);
    }

    @GetMapping("/unread")
    Map<String, Long> unread(@AuthenticationPrincipal CurrentUser me) {
        return Map.of("unread", inbox.unread(me));
    }

    /** Marks the notice read; another user's notice answers 404. */
    @PostMapping("/{id}/read")
    InboxItem read(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return inbox.markRead(id, me);
    }

    @PostMapping("/read")
    Map<String, Integer> readAll(@AuthenticationPrincipal CurrentUser me) {
        return Map.of("marked", inbox.markAllRead(me));
    }
}
