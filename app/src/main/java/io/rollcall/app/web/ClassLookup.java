package io.rollcall.app.web;

import io.rollcall.api.classes.ClassView;
import io.rollcall.api.classes.FindClass;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** The contract's "the class exists" check (404 "Class not found"), asked of the classes view. */
@Component
public class ClassLookup {

    private final QueryGateway queries;

    public ClassLookup(QueryGateway queries) {
        this.queries = queries;
    }

    public ClassView require(String classId) {
        return queries.query(new FindClass(classId), ResponseTypes.optionalInstanceOf(ClassView.class)).join()
                .orElseThrow(ContractError.CLASS_NOT_FOUND::exception);
    }
}
