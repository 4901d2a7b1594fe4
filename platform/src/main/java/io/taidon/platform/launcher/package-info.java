/** What a service does when the launcher ({@code ./taidon up}) runs it as a child process. */
@NullMarked
package io.taidon.platform.launcher;

import org.jspecify.annotations.NullMarked;
