/** File-tree helpers shared by the runtimes and the snapshot code: delete and copy whole directory trees. */
@NullMarked
package io.taidon.envmanager.files;

import org.jspecify.annotations.NullMarked;
