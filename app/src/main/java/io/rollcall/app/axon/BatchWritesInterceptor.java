package io.rollcall.app.axon;

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
                writer.flush();
            }
            return result;
        } catch (Exception | Error e) {
            writer.discard();
            throw e;
        }
    }
}
