package io.taidon.vcssync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of vcs-sync ({@code taidon.vcs-sync.*}).
 *
 * @param limits what one user may keep, by kind of user
 * @param runs how project runs are reported and benchmarked
 * @param git which Git remotes may be reached and how long an operation may take
 * @param credentials the key that encrypts stored Git credentials
 */
@Validated
@ConfigurationProperties("taidon.vcs-sync")
public record VcsSyncProperties(@Valid @NotNull @DefaultValue Limits limits, @Valid @NotNull @DefaultValue Runs runs,
        @Valid @NotNull @DefaultValue Git git, @Valid @NotNull @DefaultValue Credentials credentials) {

    /**
     * @param anonymous limits of anonymous visitors (token role {@code anonymous})
     * @param registered limits of registered learners and admins
     */
    public record Limits(@Valid @NotNull @DefaultValue Quota anonymous, @Valid @NotNull @DefaultValue Quota registered) {

        /**
         * @param role the caller's token role ({@code anonymous}, {@code learner}, {@code admin}), or null
         * @return the limits of that kind of user (anonymous when unknown)
         */
        public Quota forRole(@Nullable String role) {
            return "learner".equals(role) || "admin".equals(role) ? this.registered : this.anonymous;
        }
    }

    /**
     * One kind of user's limits.
     *
     * @param maxProjects projects one user keeps at once
     * @param maxFiles files in one project
     * @param maxFileSize bytes of one file (UTF-8)
     * @param maxProjectSize bytes of all files of one project
     */
    public record Quota(@DefaultValue("3") @Min(0) int maxProjects, @DefaultValue("50") @Min(1) int maxFiles,
            @DefaultValue("256KB") @NotNull DataSize maxFileSize, @DefaultValue("2MB") @NotNull DataSize maxProjectSize) {
    }

    /**
     * @param defaultBenchRepeat measured repetitions of each bench statement when the request names none
     * @param maxBenchRepeat most repetitions a request may ask for
     * @param maxReportRows rows of one statement's result a run report carries
     */
    public record Runs(@DefaultValue("5") @Min(1) @Max(1000) int defaultBenchRepeat,
            @DefaultValue("30") @Min(1) @Max(1000) int maxBenchRepeat,
            @DefaultValue("20") @Min(0) @Max(1000) int maxReportRows) {
    }

    /**
     * @param allowedHosts host names or IP literals that may be reached although they are loopback, link-local,
     *        private or otherwise internal (an operator's own Git server); compared case-insensitively
     * @param allowFileRemotes whether {@code file://} URLs and local paths are accepted as remotes (tests and
     *        single-machine setups)
     * @param timeout connect and read timeout of one Git operation (JGit's timeout is whole seconds)
     */
    public record Git(@DefaultValue({}) List<String> allowedHosts, @DefaultValue("false") boolean allowFileRemotes,
            @DefaultValue("30s") @NotNull Duration timeout) {
    }

    /**
     * Where the Tink keyset that encrypts Git credentials comes from; exactly one should be set.
     *
     * @param keysetFile a Tink JSON keyset file, created (mode 0600) with a new AES-256-GCM key when missing
     * @param keyset a Tink JSON keyset given inline (e.g. from a Kubernetes Secret); wins over {@code keysetFile}
     */
    public record Credentials(@Nullable Path keysetFile, @Nullable String keyset) {
    }
}
