package io.taidon.gateway;

import org.junit.jupiter.api.Test;

import io.taidon.platform.test.ServiceArchitectureTests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The gateway's shape: the rules every service keeps, and edge filters that know nothing of routes. */
class GatewayArchitectureTests extends ServiceArchitectureTests {

    GatewayArchitectureTests() {
        super("io.taidon.gateway");
    }

    /** The routes are the gateway's calls to the services (and fetch their API documents). */
    @Override
    protected String[] callerPackages() {
        return new String[] { "io.taidon.gateway.route..", "io.taidon.gateway.config.." };
    }

    @Test
    void shouldKeepEdgeFiltersFreeOfRoutesAndRateLimits() {
        noClasses().that()
            .resideInAPackage("io.taidon.gateway.web..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.taidon.gateway.route..", "io.taidon.gateway.ratelimit..")
            .check(this.classes);
    }
}
