package io.taidon.envmanager.layer;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Layers of a sandbox, for sql-runner (service token only). */
@RestController
@RequestMapping("/internal/sandboxes/{sandboxId}/layers")
class LayerController {

    private final LayerService layers;

    LayerController(LayerService layers) {
        this.layers = layers;
    }

    @PutMapping("/{chainHash}")
    ResponseEntity<Void> create(@PathVariable String sandboxId, @PathVariable String chainHash) {
        this.layers.create(sandboxId, chainHash);
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @PostMapping("/{chainHash}/reset")
    ResponseEntity<Void> reset(@PathVariable String sandboxId, @PathVariable String chainHash) {
        this.layers.reset(sandboxId, chainHash);
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    List<String> list(@PathVariable String sandboxId) {
        return this.layers.list(sandboxId);
    }

    @DeleteMapping("/{chainHash}")
    ResponseEntity<Void> delete(@PathVariable String sandboxId, @PathVariable String chainHash) {
        this.layers.delete(sandboxId, chainHash);
        return ResponseEntity.noContent().build();
    }
}
