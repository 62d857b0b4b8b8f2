package io.rollcall.app.ops;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatEnvironmentPostProcessorTest {

    private final LogFormatEnvironmentPostProcessor processor = new LogFormatEnvironmentPostProcessor();

    @Test
    void jsonSwitchesTheConsoleToEcs() {
        MockEnvironment env = new MockEnvironment().withProperty("LOG_FORMAT", "json");
        processor.postProcessEnvironment(env, null);
        assertThat(env.getProperty(LogFormatEnvironmentPostProcessor.PROPERTY)).isEqualTo("ecs");
    }

    @Test
    void unsetOrAnythingElseStaysHumanReadable() {
        MockEnvironment unset = new MockEnvironment();
        processor.postProcessEnvironment(unset, null);
        assertThat(unset.getProperty(LogFormatEnvironmentPostProcessor.PROPERTY)).isNull();

        MockEnvironment text = new MockEnvironment().withProperty("LOG_FORMAT", "text");
        processor.postProcessEnvironment(text, null);
        assertThat(text.getProperty(LogFormatEnvironmentPostProcessor.PROPERTY)).isNull();
    }

    @Test
    void anExplicitFormatWins() {
        MockEnvironment env = new MockEnvironment().withProperty("LOG_FORMAT", "json")
                .withProperty(LogFormatEnvironmentPostProcessor.PROPERTY, "logstash");
        processor.postProcessEnvironment(env, null);
        assertThat(env.getProperty(LogFormatEnvironmentPostProcessor.PROPERTY)).isEqualTo("logstash");
    }
}
