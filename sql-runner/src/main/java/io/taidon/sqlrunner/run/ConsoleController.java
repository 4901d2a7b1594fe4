package io.taidon.sqlrunner.run;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.taidon.platform.security.CurrentUser;
import io.taidon.sqlrunner.execution.ResultMemory;

/**
 * The console form of runs ({@link ConsoleService}): {@code POST /api/sandboxes/{id}/console {sql}} applies
 * statements to base + journal, {@code POST /api/sandboxes/{id}/console/reset} drops the journal (204). A
 * transaction left open at the end of a call is rolled back and reported: none spans calls.
 */
@RestController
class ConsoleController {

    private final ConsoleService console;

    private final SandboxSchema schema;

    ConsoleController(ConsoleService console, SandboxSchema schema) {
        this.console = console;
        this.schema = schema;
    }

    @PostMapping("/api/sandboxes/{sandboxId}/console")
    ConsoleResponse apply(@PathVariable String sandboxId, @Valid @RequestBody ConsoleRequest request,
            @RequestAttribute(name = ResultMemoryFilter.LEASE, required = false) ResultMemory.@Nullable Lease memory) {
        return this.console.apply(CurrentUser.id(), sandboxId, request.sql(),
                memory == null ? ResultMemory.unpooled() : memory);
    }

    @PostMapping("/api/sandboxes/{sandboxId}/console/reset")
    ResponseEntity<Void> reset(@PathVariable String sandboxId) {
        this.console.reset(CurrentUser.id(), sandboxId);
        return ResponseEntity.noContent().build();
    }

    /** What the learner database holds now ({@link SandboxSchema}). */
    @GetMapping("/api/sandboxes/{sandboxId}/schema")
    SandboxSchema.Schema schema(@PathVariable String sandboxId) {
        return this.schema.describe(CurrentUser.id(), sandboxId);
    }

    /** @param sql the statements to apply, as a psql session would read them */
    record ConsoleRequest(@NotNull String sql) {
    }
}
