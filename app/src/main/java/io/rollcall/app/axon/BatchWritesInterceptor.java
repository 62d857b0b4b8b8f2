package io.rollcall.app.axon;

import io.rollcall.app.mongo.DatabaseUnavailable;
import io.rollcall.query.ProjectionWriter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Writes a processor's batch of events to the views together: collects from the batch's first event, sends at
 * the end of its last one. That is still inside the batch's processing, before the processor records its new
 * position (which it does when the batch commits), so a position never passes writes that did not land; a
 * failed write fails the batch, which the processor handles again.
 */
final class BatchWritesInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

    /** How often a batch is sent again while the database is unreachable. */
    private static final long RETRY_EVERY_MS = 250;

    private final ProjectionWriter writer;

    BatchWritesInterceptor(ProjectionWriter writer) {
        this.writer = writer;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch)) {
            return interceptorChain.proceed();
        }
        if (batch.isFirstMessage()) {
            writer.begin();
        }
        try {
            Object result = interceptorChain.proceed();
            if (batch.isLastMessage()) {
                flushWhileTheDatabaseIsAway();
            }
            return result;
        } catch (Exception | Error e) {
            writer.discard();
            throw e;
        }
    }

    /**
     * While the database is unreachable the batch waits here and is sent again, rather than failing the processor
     * into its error back-off (which grows to a minute): the views catch up as soon as the database is back.
     */
    private void flushWhileTheDatabaseIsAway() throws InterruptedException {
        while (true) {
            try {
                writer.flush();
                return;
            } catch (RuntimeException e) {
                if (!DatabaseUnavailable.isCause(e)) {
                    throw e;
                }
                Thread.sleep(RETRY_EVERY_MS);
            }
        }
    }
}
