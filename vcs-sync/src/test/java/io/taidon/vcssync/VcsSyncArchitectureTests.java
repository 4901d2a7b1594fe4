package io.taidon.vcssync;

import io.taidon.platform.test.ServiceArchitectureTests;

/** vcs-sync's shape: the rules every service keeps. */
class VcsSyncArchitectureTests extends ServiceArchitectureTests {

    VcsSyncArchitectureTests() {
        super("io.taidon.vcssync");
    }
}
