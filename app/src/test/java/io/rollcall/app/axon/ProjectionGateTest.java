package io.rollcall.app.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live events wait at a closed gate until the swap is done; other projections' events pass. */
class ProjectionGateTest {

    private final ProjectionGate gate = new ProjectionGate();

    @Test
    void aLiveEventWaitsWhileItsProjectionsGateIsClosed() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread swap = new Thread(() -> gate.whileClosed(List.of("classes", "audit"), () -> {
            closed.countDown();
            awaitQuietly(release);
        }));
        swap.start();
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean classesHandled = new AtomicBoolean();
        Thread live = new Thread(() -> handle(gate.interceptorFor("classes"), classesHandled));
        live.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> live.getState() == Thread.State.WAITING);
        assertThat(classesHandled).isFalse();

        AtomicBoolean usersHandled = new AtomicBoolean();
        handle(gate.interceptorFor("users"), usersHandled); // not being swapped: passes at once
        assertThat(usersHandled).isTrue();

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilTrue(classesHandled);
        swap.join(10_000);
        live.join(10_000);
    }

    @Test
    void theGateOpensAgainWhenTheSwapFails() {
        try {
            gate.whileClosed(List.of("sessions"), () -> {
                throw new IllegalStateException("swap failed");
            });
        } catch (IllegalStateException expected) {
            // the gate must not stay closed
        }
        AtomicBoolean handled = new AtomicBoolean();
        handle(gate.interceptorFor("sessions"), handled);
        assertThat(handled).isTrue();
    }

    private static void handle(MessageHandlerInterceptor<EventMessage<?>> interceptor, AtomicBoolean handled) {
        EventMessage<?> event = GenericEventMessage.asEventMessage("an event");
        try {
            interceptor.handle(new DefaultUnitOfWork<>(event), () -> {
                handled.set(true);
                return null;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
