package org.keyproject.notification;

import org.keyproject.people.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The inbox page (消息) and the unread badge every page's navigation loads (htmx, after the page), so
 * that no page pays for the count before it is shown.
 */
@Controller
class InboxPageController {

    static final int PAGE_SIZE = 20;

    private final Inbox inbox;

    InboxPageController(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/inbox")
    String list(@RequestParam(defaultValue = "false") boolean unread, @RequestParam(defaultValue = "0") int page,
                @AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("result", inbox.page(me, unread, page, PAGE_SIZE));
        model.addAttribute("unreadOnly", unread);
        model.addAttribute("unread", inbox.unread(me));
        return "notification/inbox";
    }

    @GetMapping("/inbox/badge")
    String badge(@AuthenticationPrincipal CurrentUser me, Model model) {
        model.addAttribute("unread", inbox.unread(me));
        return "notification/inbox :: badge";
    }

    /** Marks the notice read and follows its link, or comes back to the inbox when it has none. */
    @PostMapping("/inbox/{id}/read")
    String read(@PathVariable long id, @RequestParam(defaultValue = "false") boolean open,
                @AuthenticationPrincipal CurrentUser me) {
        InboxItem item = inbox.markRead(id, me);
        return "redirect:" + (open && inApplication(item.link()) ? item.link() : "/inbox");
    }

    /** A path of this application, never another site (//host or a scheme), so that a link cannot lead away. */
    static boolean inApplication(String link) {
        return link != null && link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\");
    }

    @PostMapping("/inbox/read")
    String readAll(@AuthenticationPrincipal CurrentUser me) {
        inbox.markAllRead(me);
        return "redirect:/inbox";
    }
}
