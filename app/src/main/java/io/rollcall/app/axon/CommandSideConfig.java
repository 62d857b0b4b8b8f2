package io.rollcall.app.axon;

import com.mongodb.client.MongoDatabase;
import io.rollcall.api.session.ActiveSessionView;
import io.rollcall.api.session.FindActiveSessionsOfTeacher;
import io.rollcall.api.user.FindUser;
import io.rollcall.api.user.Role;
import io.rollcall.api.user.UserView;
import io.rollcall.command.classes.ActiveSessionLookup;
import io.rollcall.command.classes.SchoolClass;
import io.rollcall.command.classes.SessionStartHandler;
import io.rollcall.command.classes.StudentRegistry;
import io.rollcall.command.user.CredentialStore;
import io.rollcall.command.user.EmailRegistry;
import io.rollcall.command.user.MongoCredentialStore;
import io.rollcall.command.user.MongoEmailRegistry;
import io.rollcall.command.user.User;
import io.rollcall.command.user.UserRegistrationHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.Repository;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Wires the command side: its external handlers and the lookups its rules need, answered by the query side
 * through the query bus (the write model never reads a collection of the read model itself).
 */
@Configuration(proxyBeanMethods = false)
public class CommandSideConfig {

    @Bean
    public EmailRegistry emailRegistry(MongoDatabase database, Clock clock) {
        return new MongoEmailRegistry(database, clock);
    }

    @Bean
    public CredentialStore credentialStore(MongoDatabase database) {
        return new MongoCredentialStore(database);
    }

    @Bean
    public UserRegistrationHandler userRegistrationHandler(@Qualifier("userRepository") Repository<User> users,
                                                           EmailRegistry emails, CredentialStore credentials,
                                                           Clock clock) {
        return new UserRegistrationHandler(users, emails, credentials, clock);
    }

    @Bean
    public SessionStartHandler sessionStartHandler(
            @Qualifier("schoolClassRepository") Repository<SchoolClass> classes,
            ActiveSessionLookup activeSessions, Clock clock) {
        return new SessionStartHandler(classes, activeSessions, clock);
    }

    @Bean
    public StudentRegistry studentRegistry(QueryGateway queries) {
        return userId -> queries.query(new FindUser(userId), ResponseTypes.optionalInstanceOf(UserView.class))
                .join()
                .map(user -> user.role() == Role.STUDENT)
                .orElse(false);
    }

    @Bean
    public ActiveSessionLookup activeSessionLookup(QueryGateway queries) {
        return teacherId -> queries.query(new FindActiveSessionsOfTeacher(teacherId),
                        ResponseTypes.multipleInstancesOf(ActiveSessionView.class))
                .join()
                .stream()
                .map(s -> new ActiveSessionLookup.ActiveSessionRef(s.classId(), s.sessionId()))
                .toList();
    }
}
