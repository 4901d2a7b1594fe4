package io.taidon.envmanager;

import io.taidon.platform.test.ServiceArchitectureTests;

/** env-manager keeps the shape every service keeps ({@link ServiceArchitectureTests}). */
class EnvManagerArchitectureTests extends ServiceArchitectureTests {

    EnvManagerArchitectureTests() {
        super("io.taidon.envmanager");
    }
}
