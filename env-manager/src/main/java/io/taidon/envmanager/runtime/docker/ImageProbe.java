package io.taidon.envmanager.runtime.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.dockerjava.api.model.HostConfig;

import io.taidon.envmanager.runtime.SandboxLabels;
import io.taidon.envmanager.runtime.SandboxRuntimeException;

/**
 * Reads what the docker runtime must know of the sandbox image by running it once (no network, read-only root,
 * labelled {@link SandboxLabels#MANAGED}{@code =probe}, removed afterwards): the PostgreSQL version of its newest
 * {@code /usr/lib/postgresql/<major>/bin/postgres} and the uid and gid of its {@code postgres} user.
 */
final class ImageProbe {

    /** {@code "101 101 postgres (PostgreSQL) 18.6 (Debian 18.6-3)"}: uid, gid, version. */
    private static final Pattern LINE = Pattern.compile("(\\d+) (\\d+) postgres \\(PostgreSQL\\) (\\d+(?:\\.\\d+)?)");

    private ImageProbe() {
    }

    /**
     * @param containers the engine
     * @param image the sandbox image
     * @return what the image holds
     * @throws SandboxRuntimeException when the probe's output is not as expected
     */
    static ImageFacts probe(DockerContainers containers, String image) {
        String script = "v=''; for b in /usr/lib/postgresql/*/bin/postgres; do v=\"$($b --version)\"; done; "
                + "echo \"$(id -u postgres) $(id -g postgres) $v\"";
        String id = containers.docker().createContainerCmd(image)
            .withEntrypoint("/bin/sh", "-c", script)
            .withLabels(Map.of(SandboxLabels.MANAGED, "probe"))
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none").withReadonlyRootfs(true))
            .exec()
            .getId();
        try {
            containers.docker().startContainerCmd(id).exec();
            containers.docker().waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
            String line = containers.logTail(id);
            Matcher matcher = LINE.matcher(line);
            if (!matcher.find()) {
                throw new SandboxRuntimeException("cannot read the PostgreSQL version of " + image + ": " + line);
            }
            return new ImageFacts(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    matcher.group(3));
        }
        finally {
            containers.remove(id);
        }
    }

    /**
     * What the sandbox image holds.
     *
     * @param uid the image's {@code postgres} user's uid
     * @param gid its gid
     * @param version the PostgreSQL version, e.g. {@code 18.6}
     */
    record ImageFacts(int uid, int gid, String version) {

        /**
         * Gives every file of a data directory to the image's {@code postgres} user (files a restore wrote belong to
         * env-manager's user); a no-op for files it owns already, and for a directory that does not exist.
         *
         * @param pgdata a data directory on env-manager's filesystem
         * @throws SandboxRuntimeException when ownership cannot be changed (env-manager is neither root nor that uid)
         */
        void handBack(Path pgdata) {
            if (!Files.isDirectory(pgdata)) {
                return;
            }
            try (Stream<Path> files = Files.walk(pgdata)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) != this.uid
                            || (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS) != this.gid) {
                        Files.setAttribute(file, "unix:uid", this.uid, LinkOption.NOFOLLOW_LINKS);
                        Files.setAttribute(file, "unix:gid", this.gid, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
            catch (IOException | UncheckedIOException ex) {
                throw new SandboxRuntimeException("cannot hand " + pgdata + " to the image's postgres user (uid "
                        + this.uid + "); the docker runtime needs env-manager to run as root or as that uid", ex);
            }
        }
    }
}
