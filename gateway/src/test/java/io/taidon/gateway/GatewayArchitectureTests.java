package io.taidon.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.taidon.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class GatewayArchitectureTests {

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = slices().matching("io.taidon.gateway.(*)..").should()
        .beFreeOfCycles();

    @ArchTest
    static final ArchRule edgeFiltersKnowNothingOfRoutes = noClasses().that()
        .resideInAPackage("io.taidon.gateway.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.taidon.gateway.route..", "io.taidon.gateway.ratelimit..");

    @ArchTest
    static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
}
