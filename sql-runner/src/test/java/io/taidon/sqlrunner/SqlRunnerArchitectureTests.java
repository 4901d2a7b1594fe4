package io.taidon.sqlrunner;

import org.junit.jupiter.api.Test;

import io.taidon.platform.test.ServiceArchitectureTests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** sql-runner's shape: the rules every service keeps, and lower layers (script, chain, execution) that never reach up. */
class SqlRunnerArchitectureTests extends ServiceArchitectureTests {

    SqlRunnerArchitectureTests() {
        super("io.taidon.sqlrunner");
    }

    @Test
    void shouldKeepScriptChainAndExecutionFreeOfRunsAndSpringWeb() {
        noClasses().that()
            .resideInAnyPackage("..sqlrunner.script..", "..sqlrunner.chain..", "..sqlrunner.execution..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..sqlrunner.run..", "org.springframework.web..", "jakarta.persistence..")
            .check(this.classes);
    }

    @Test
    void shouldKeepScriptAndExecutionFreeOfOtherServices() {
        // the chain cache is one level of the run's cache and talks to snapshot-cache and env-manager; statements
        // and sessions never do
        noClasses().that()
            .resideInAnyPackage("..sqlrunner.script..", "..sqlrunner.execution..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..sqlrunner.client..")
            .check(this.classes);
    }
}
