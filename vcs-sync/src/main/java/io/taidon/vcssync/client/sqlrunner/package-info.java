/** Taidon vcs-sync: calls to sql-runner on behalf of the calling learner. */
@NullMarked
package io.taidon.vcssync.client.sqlrunner;

import org.jspecify.annotations.NullMarked;
