package io.taidon.idp;

import io.taidon.platform.test.ServiceArchitectureTests;

/** idp-adapter's shape: the rules every service keeps ({@link ServiceArchitectureTests}). */
class IdpAdapterArchitectureTests extends ServiceArchitectureTests {

    IdpAdapterArchitectureTests() {
        super("io.taidon.idp");
    }
}
