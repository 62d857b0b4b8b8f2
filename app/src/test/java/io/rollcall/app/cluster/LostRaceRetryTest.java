package io.rollcall.app.cluster;

import com.mongodb.MongoTimeoutException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a command that lost the append race to another node is retried. */
class LostRaceRetryTest {

    private final List<RuntimeException> retried = new ArrayList<>();
    private final RetryScheduler scheduler = ClusterConfig.onlyLostRaces((command, failure, failures, dispatch) -> {
        retried.add(failure);
        return true;
    });

    @Test
    void aLostAppendRaceIsRetried() {
        RuntimeException lost = new IllegalStateException("wrapped", new ConcurrencyException("seq 7 taken"));
        assertThat(schedule(lost)).isTrue();
        assertThat(retried).containsExactly(lost);
    }

    @Test
    void anUnreachableDatabaseOrARejectionIsAnsweredAtOnce() {
        assertThat(schedule(new MongoTimeoutException("no server"))).isFalse();
        assertThat(schedule(new IllegalArgumentException("Email already exists"))).isFalse();
        assertThat(retried).isEmpty();
    }

    private boolean schedule(RuntimeException failure) {
        return scheduler.scheduleRetry(GenericCommandMessage.asCommandMessage("command"), failure, List.of(), () -> {
        });
    }
}
