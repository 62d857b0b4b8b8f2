package io.rollcall.app.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Errors Tomcat answers by itself get the envelope too (see {@link EnvelopeErrorReportValve}). */
@Configuration(proxyBeanMethods = false)
public class TomcatErrorsConfig {

    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> envelopeErrorReports() {
        // the host adds its error report valve when it starts, after every other valve: it reports first
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
            }
        });
    }
}
