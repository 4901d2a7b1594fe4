/** Reconciliation of runtime objects and records, and expiry of anonymous sandboxes. */
@NullMarked
package io.taidon.envmanager.reconcile;

import org.jspecify.annotations.NullMarked;
