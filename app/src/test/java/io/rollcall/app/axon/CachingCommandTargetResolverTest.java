package io.rollcall.app.axon;

import io.rollcall.api.classes.CreateClass;
import io.rollcall.api.classes.EnrolStudent;
import io.rollcall.api.session.AttendanceStatus;
import io.rollcall.api.session.FinalizeSession;
import io.rollcall.api.session.MarkAttendance;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cached resolver answers as Axon's annotation resolver does, and looks through each command class once. */
class CachingCommandTargetResolverTest {

    private final CachingCommandTargetResolver cached = new CachingCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    static class ByMethod {
        private final String id = "by-field";

        @TargetAggregateIdentifier
        String target() {
            return "by-method";
        }
    }

    static class ByField {
        @TargetAggregateIdentifier
        private final Integer number = 42;
    }

    record Unidentified(String id) {
    }

    record NullIdentifier(@TargetAggregateIdentifier String id) {
    }

    record NotANumber(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    @Test
    void resolvesEveryKindOfCommandAsAxonDoes() {
        List<Object> commands = List.of(
                new MarkAttendance("class-1", "session-1", "student-1", AttendanceStatus.PRESENT, "teacher-1"),
                new EnrolStudent("class-2", "student-2", "teacher-2"),
                new FinalizeSession("class-3", "session-3", "teacher-3"),
                new Versioned("v", "7"), new ByMethod(), new ByField());
        for (Object command : commands) {
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
            assertThat(cached.resolveTarget(message)).as(command.getClass().getSimpleName())
                    .isEqualTo(axon.resolveTarget(message));
        }
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new Versioned("v", "7"))).getVersion())
                .isEqualTo(7L);
        assertThat(cached.resolveTarget(GenericCommandMessage.asCommandMessage(new ByMethod())).getIdentifier())
                .as("a method before a field, as Axon").isEqualTo("by-method");
    }

    @Test
    void refusesWhatAxonRefusesWithItsMessages() {
        for (Object command : List.of(new Unidentified("x"), new NullIdentifier(null), new NotANumber("x", "seven"))) {
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
            Throwable expected = org.assertj.core.api.Assertions.catchThrowable(() -> axon.resolveTarget(message));
            assertThat(expected).isNotNull();
            assertThatThrownBy(() -> cached.resolveTarget(message)).as(command.getClass().getSimpleName())
                    .isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
        }
    }

    @Test
    void looksThroughACommandClassOnce() {
        for (int i = 0; i < 100; i++) {
            cached.resolveTarget(GenericCommandMessage.asCommandMessage(
                    new MarkAttendance("class-" + i, "session", "student", AttendanceStatus.ABSENT, "teacher")));
        }
        cached.resolveTarget(GenericCommandMessage.asCommandMessage(new CreateClass("class", "Math", "teacher")));

        assertThat(cached.lookups()).isEqualTo(2);
        assertThat(cached.resolvedTypes()).containsExactlyInAnyOrder(MarkAttendance.class, CreateClass.class);
    }
}
