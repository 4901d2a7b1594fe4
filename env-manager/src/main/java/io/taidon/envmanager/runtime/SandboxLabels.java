package io.taidon.envmanager.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels every runtime that creates engine objects (docker containers, Kubernetes pods and volumes) puts on
 * them, so that {@link SandboxRuntime#listManaged()} finds a sandbox's objects by label after a crash, and the
 * sandbox id syntax they carry.
 */
public final class SandboxLabels {

    /** Label on every object a runtime creates for a sandbox, value {@code true}. */
    public static final String MANAGED = "io.taidon.managed";

    /** Label holding the sandbox's id. */
    public static final String SANDBOX = "io.taidon.sandbox-id";

    /** Label holding the owner's user id. */
    public static final String USER = "io.taidon.user-id";

    /**
     * A sandbox id: {@code sb_} and 1 to 60 of {@code [A-Za-z0-9_-]} (at most 63 characters, so it is also a valid
     * Kubernetes label value).
     */
    public static final Pattern SANDBOX_ID = Pattern.compile("sb_[A-Za-z0-9_-]{1,60}");

    private SandboxLabels() {
    }

    /**
     * @param sandboxId the sandbox
     * @param userId its owner
     * @return {@link #MANAGED}{@code =true}, {@link #SANDBOX} and {@link #USER}, in this order (a new mutable map)
     * @throws IllegalArgumentException when {@code sandboxId} is not a sandbox id
     */
    public static Map<String, String> of(String sandboxId, String userId) {
        checkId(sandboxId);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED, "true");
        labels.put(SANDBOX, sandboxId);
        labels.put(USER, userId);
        return labels;
    }

    /**
     * @param sandboxId a string
     * @return whether it is a sandbox id ({@link #SANDBOX_ID})
     */
    public static boolean isSandboxId(String sandboxId) {
        return SANDBOX_ID.matcher(sandboxId).matches();
    }

    /**
     * @param sandboxId a string
     * @throws IllegalArgumentException when it is not a sandbox id ({@link #SANDBOX_ID})
     */
    public static void checkId(String sandboxId) {
        if (!isSandboxId(sandboxId)) {
            throw new IllegalArgumentException("not a sandbox id: " + sandboxId);
        }
    }
}
