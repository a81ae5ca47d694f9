package org.keyproject.people;

import java.util.Optional;
import org.keyproject.region.Region;
import org.keyproject.region.RegionAccess;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The region module's view of the signed-in user: their data scope decides which regions they see. */
@Component
class ScopeRegionAccess implements RegionAccess {

    @Override
    public boolean covers(Region region) {
        return signedIn().map(u -> u.scope().coversRegion(region.path())).orElse(false);
    }

    @Override
    public Optional<Long> currentUserId() {
        return signedIn().map(CurrentUser::id);
    }

    private static Optional<CurrentUser> signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof CurrentUser u ? Optional.of(u) : Optional.empty();
    }
}
