package io.taidon.profile;

import io.taidon.platform.test.ServiceArchitectureTests;

/** user-profile's shape: the rules every service keeps ({@link ServiceArchitectureTests}). */
class UserProfileArchitectureTests extends ServiceArchitectureTests {

    UserProfileArchitectureTests() {
        super("io.taidon.profile");
    }
}
