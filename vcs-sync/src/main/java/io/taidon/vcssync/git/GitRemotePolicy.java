package io.taidon.vcssync.git;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.jgit.transport.URIish;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.taidon.platform.problem.InvalidRequestException;
import io.taidon.vcssync.config.VcsSyncProperties;

/**
 * Which Git remotes vcs-sync may reach (SSRF defence): outbound Git traffic goes only to the configured remote, and
 * only to a public address unless an operator allow-lists the host ({@code taidon.vcs-sync.git.allowed-hosts}).
 * <ul>
 * <li>{@code https://} is accepted; {@code http://} only for an allow-listed host (a token must not travel in
 * clear text to anyone else); {@code git://}, {@code ftp://} and other schemes are refused;</li>
 * <li>{@code file://} URLs and local paths are refused unless {@code allow-file-remotes} is on;</li>
 * <li>SSH remotes ({@code ssh://}, {@code user@host:path}) are refused: not supported yet;</li>
 * <li>user names or passwords inside the URL are refused: credentials are stored as credentials;</li>
 * <li>a host that is, or resolves to, a loopback, link-local (169.254/16, fe80::/10, so cloud metadata),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10), unspecified, multicast or
 * otherwise reserved address is refused, unless allow-listed.</li>
 * </ul>
 * The check runs when the remote is set and again before every Git operation, since what a name resolves to
 * changes. A name could still resolve differently between the check and JGit's own connection (DNS rebinding);
 * JGit follows no redirects here ({@code http.followRedirects=false}), so a public remote cannot bounce the
 * connection inwards.
 */
@Component
class GitRemotePolicy {

    private final Set<String> allowedHosts;

    private final boolean allowFileRemotes;

    private final Function<String, InetAddress[]> resolver;

    @Autowired
    GitRemotePolicy(VcsSyncProperties properties) {
        this(properties.git(), GitRemotePolicy::resolve);
    }

    GitRemotePolicy(VcsSyncProperties.Git git, Function<String, InetAddress[]> resolver) {
        this.allowedHosts = git.allowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.allowFileRemotes = git.allowFileRemotes();
        this.resolver = resolver;
    }

    /**
     * @param url the remote's URL as the learner gave it
     * @return the URL, parsed
     * @throws InvalidRequestException {@code invalid-remote} or {@code remote-refused} (400), saying why
     */
    URIish check(String url) {
        if (url.isBlank() || url.length() > 2000 || url.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("invalid-remote", "url must be 1 to 2000 characters.");
        }
        URIish uri;
        try {
            uri = new URIish(url.strip());
        }
        catch (URISyntaxException ex) {
            throw new InvalidRequestException("invalid-remote", "url is not a Git URL.");
        }
        if (uri.getUser() != null || uri.getPass() != null) {
            String scheme = uri.getScheme();
            if (scheme == null || scheme.startsWith("ssh") || scheme.endsWith("ssh")) {
                throw refused("SSH remotes are not supported yet; use an https:// URL with a credential.");
            }
            throw new InvalidRequestException("invalid-remote",
                    "url must not contain a user name or password; store them as a credential (POST /api/credentials).");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if ("file".equals(scheme) || (scheme == null && host == null)) {
            if (!this.allowFileRemotes) {
                throw refused("file:// URLs and local paths are not allowed as remotes.");
            }
            return uri;
        }
        if (scheme == null || scheme.contains("ssh")) {
            throw refused("SSH remotes are not supported yet; use an https:// URL with a credential.");
        }
        if ((host == null || host.isBlank()) && (scheme.equals("https") || scheme.equals("http"))) {
            // URIish misses some IPv6 literals (e.g. IPv4-mapped ones); java.net.URI reads them (RFC 3986)
            try {
                host = new java.net.URI(url.strip()).getHost();
            }
            catch (URISyntaxException ex) {
                host = null;
            }
        }
        if (host == null || host.isBlank()) {
            throw new InvalidRequestException("invalid-remote", "url has no host.");
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean allowListed = this.allowedHosts.contains(bareHost.toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && allowListed)) {
            throw refused("Only https:// remotes are allowed" + (scheme.equals("http") ? " (http:// only for hosts an operator allows)." : "."));
        }
        if (!allowListed) {
            for (InetAddress address : this.resolver.apply(bareHost)) {
                if (internal(address)) {
                    throw refused("The remote's host is a loopback, link-local, private or reserved address;"
                            + " only an operator can allow such a host.");
                }
            }
        }
        return uri;
    }

    /**
     * @param address an address
     * @return whether it is not a public unicast address
     */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] }));
                }
                catch (UnknownHostException ex) {
                    return true;
                }
            }
            return false;
        }
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) || (first == 192 && second == 0)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        return true;
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        }
        catch (UnknownHostException ex) {
            throw new InvalidRequestException("invalid-remote", "The remote's host does not resolve.");
        }
    }

    private static InvalidRequestException refused(String detail) {
        return new InvalidRequestException("remote-refused", detail);
    }
}
