package org.keyproject.dispatch;

import java.util.List;
import org.keyproject.people.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What a coordinator follows a period by over the API: late reports, counts per region and commissioner, warnings. */
@RestController
@RequestMapping("/api/v1/periods/{id}")
class PeriodListApiController {

    private final PeriodLists lists;

    PeriodListApiController(PeriodLists lists) {
        this.lists = lists;
    }

    /** Reports submitted after the due date, and projects still without a submitted report once it has passed. */
    @GetMapping("/late")
    List<PeriodLists.Late> late(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return lists.late(id, me);
    }

    @GetMapping("/missing/summary")
    PeriodLists.Summary summary(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return lists.summary(id, me);
    }

    @GetMapping("/warnings")
    List<PeriodLists.Warning> warnings(@PathVariable long id, @AuthenticationPrincipal CurrentUser me) {
        return lists.warnings(id, me);
    }
}
