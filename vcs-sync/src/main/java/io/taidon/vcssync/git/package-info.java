/** Taidon vcs-sync: Git sync of a project with its remote (JGit), and the policy of which remotes may be reached. */
@NullMarked
package io.taidon.vcssync.git;

import org.jspecify.annotations.NullMarked;
