/** The learner's run quotas from user-profile: runs per minute (Bucket4j, shared by replicas) and statement time. */
@NullMarked
package io.taidon.sqlrunner.quota;

import org.jspecify.annotations.NullMarked;
