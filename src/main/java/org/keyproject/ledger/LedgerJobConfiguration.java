package org.keyproject.ledger;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that run ledger previews and imports behind the pages: few, because each holds a
 * whole file in memory and a database connection, and a bounded queue beyond them.
 */
@Configuration(proxyBeanMethods = false)
class LedgerJobConfiguration {

    static final String EXECUTOR = "ledgerJobExecutor";

    // not a default candidate, so that Spring Boot still configures its own application task executor
    @Bean(name = EXECUTOR, defaultCandidate = false)
    @Qualifier(EXECUTOR)
    ThreadPoolTaskExecutor ledgerJobExecutor() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("ledger-job-");
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setQueueCapacity(20);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(30);
        return executor;
    }
}
