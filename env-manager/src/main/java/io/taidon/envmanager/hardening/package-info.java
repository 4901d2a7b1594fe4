/** Hardening applied inside every sandbox, whatever the runtime: the learner role and database and their limits. */
@NullMarked
package io.taidon.envmanager.hardening;

import org.jspecify.annotations.NullMarked;
