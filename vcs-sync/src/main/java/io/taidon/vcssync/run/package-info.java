/** Taidon vcs-sync: project runs through sql-runner, the expectation convention of test files and bench statistics. */
@NullMarked
package io.taidon.vcssync.run;

import org.jspecify.annotations.NullMarked;
