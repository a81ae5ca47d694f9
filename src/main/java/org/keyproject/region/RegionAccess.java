package org.keyproject.region;

import java.util.Optional;

/**
 * What the region module needs to know about the signed-in user, without depending on the module
 * that knows users (people depends on region, not the other way round): people implements it.
 */
public interface RegionAccess {

    /** Whether the signed-in user's data scope covers the region (it lies in their region subtree). */
    boolean covers(Region region);

    /** The signed-in user's id, when someone is signed in. */
    Optional<Long> currentUserId();
}
