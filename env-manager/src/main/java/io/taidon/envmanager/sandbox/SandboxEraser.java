package io.taidon.envmanager.sandbox;

import org.springframework.stereotype.Component;

import io.taidon.platform.erasure.UserDataEraser;

/** Erasure: removes every sandbox of the user, instances and data included. */
@Component
class SandboxEraser implements UserDataEraser {

    private final SandboxService sandboxes;

    SandboxEraser(SandboxService sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void erase(String userId) {
        this.sandboxes.eraseUser(userId);
    }
}
