/** Chain hashes of script prefixes (DESIGN.md "chain hash"). */
@NullMarked
package io.taidon.sqlrunner.chain;

import org.jspecify.annotations.NullMarked;
