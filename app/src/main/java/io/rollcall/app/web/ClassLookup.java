package io.rollcall.app.web;

import io.rollcall.api.classes.ClassView;
import io.rollcall.api.classes.FindClass;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * The contract's class checks, in its order: the class exists (404 "Class not found"), then the caller owns it
 * (403 "Forbidden, not class teacher") or is enrolled in it (403 "Forbidden, not enrolled in class").
 */
@Component
public class ClassLookup {

    /** The OpenAPI description of the {@code id} path variable of every class route. */
    static final String ID_PARAMETER = "The class id (24 hex characters; any other string is \"Class not found\").";
    /** How the OpenAPI document opens the description of every route for the owning teacher only. */
    static final String OWNER_ONLY = "Only the teacher who owns the class (a student: \"Forbidden, teacher access "
            + "required\"; another teacher: \"Forbidden, not class teacher\"). ";

    private final QueryGateway queries;

    public ClassLookup(QueryGateway queries) {
        this.queries = queries;
    }

    public ClassView require(String classId) {
        return queries.query(new FindClass(classId), ResponseTypes.optionalInstanceOf(ClassView.class)).join()
                .orElseThrow(ContractError.CLASS_NOT_FOUND::exception);
    }

    public ClassView requireOwnedBy(String classId, String teacherId) {
        ClassView view = require(classId);
        if (!view.teacherId().equals(teacherId)) {
            throw ContractError.NOT_CLASS_TEACHER.exception();
        }
        return view;
    }

    public ClassView requireEnrolled(String classId, String studentId) {
        ClassView view = require(classId);
        if (!view.isEnrolled(studentId)) {
            throw ContractError.NOT_ENROLLED.exception();
        }
        return view;
    }
}
