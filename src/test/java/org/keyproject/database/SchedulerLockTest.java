package org.keyproject.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class SchedulerLockTest {

    @Autowired LockProvider locks;

    @Test
    void aJobLockedByOneNodeCannotBeTakenByAnotherUntilReleased() {
        LockConfiguration job = new LockConfiguration(Instant.now(), "test-job-" + System.nanoTime(), Duration.ofMinutes(5), Duration.ZERO);
        Optional<SimpleLock> first = locks.lock(job);
        assertThat(first).isPresent();
        assertThat(locks.lock(job)).as("a second node asking for the same job").isEmpty();
        first.get().unlock();
        Optional<SimpleLock> again = locks.lock(job);
        assertThat(again).isPresent();
        again.get().unlock();
    }
}
