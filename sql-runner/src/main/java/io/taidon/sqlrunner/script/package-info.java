/** Splitting a script into statements by PostgreSQL's lexical rules. */
@NullMarked
package io.taidon.sqlrunner.script;

import org.jspecify.annotations.NullMarked;
