package io.taidon.sqlrunner.execution;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import javax.net.SocketFactory;

/**
 * The pgjdbc {@code socketFactory} of learner connections: its sockets read the server's protocol messages
 * (PostgreSQL protocol, "Message Formats": a type byte, a 4-byte length counting itself, the payload) and change three
 * kinds, passing every other byte through unchanged:
 * <ul>
 * <li>{@code ParameterStatus} ({@code 'S'}) of a {@code DateStyle} that does not begin with {@code ISO} is shown to
 * the driver as {@code ISO, MDY}. pgjdbc closes the connection on another {@code DateStyle} because it parses dates
 * itself; the runner never lets it parse a value (every column is read as the server's text output), so a
 * {@code SET DateStyle = 'Postgres'} must behave as it does in psql.</li>
 * <li>{@code DataRow} ({@code 'D'}), {@code CopyData} ({@code 'd'}) and {@code NoticeResponse} ({@code 'N'}) beyond
 * the statement's {@link ResultLimit} are skipped unread: a learner's result is capped before the driver holds it,
 * whatever its size.</li>
 * <li>An {@code ErrorResponse} ({@code 'E'}) longer than {@value #MAX_ERROR_BYTES} bytes has each field shortened to
 * {@value #MAX_ERROR_FIELD_BYTES} bytes (a learner can raise an error with a message of hundreds of megabytes).</li>
 * </ul>
 * Needs {@code sslmode=disable} and {@code gssEncMode=disable} (the stream expects protocol messages from the first
 * byte). A connection's limit is handed over with {@link #connect}.
 */
public class LearnerSocketFactory extends SocketFactory {

    /** Error messages longer than this (payload bytes) are shortened. */
    static final int MAX_ERROR_BYTES = 64 * 1024;

    /** Bytes kept of each field of a shortened error message. */
    static final int MAX_ERROR_FIELD_BYTES = 8 * 1024;

    private static final ThreadLocal<ResultLimit> NEXT = new ThreadLocal<>();

    /**
     * Opens a connection whose socket applies {@code limit}.
     *
     * @param limit the limit the connection's socket applies
     * @param connect opens the connection on this thread (pgjdbc creates its socket on the calling thread)
     * @return what {@code connect} returned
     * @throws SQLException what {@code connect} threw
     */
    static Connection connect(ResultLimit limit, Connector connect) throws SQLException {
        NEXT.set(limit);
        try {
            return connect.open();
        }
        finally {
            NEXT.remove();
        }
    }

    /** Opens a JDBC connection. */
    @FunctionalInterface
    interface Connector {

        /**
         * @return the connection
         * @throws SQLException when it cannot be opened
         */
        Connection open() throws SQLException;
    }

    @Override
    public Socket createSocket() {
        return new LearnerSocket(limit());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = new LearnerSocket(limit());
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new LearnerSocket(limit());
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = new LearnerSocket(limit());
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = new LearnerSocket(limit());
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private static ResultLimit limit() {
        ResultLimit limit = NEXT.get();
        return limit == null ? new ResultLimit() : limit;
    }

    private static final class LearnerSocket extends Socket {

        private final ResultLimit limit;

        private InputStream input;

        LearnerSocket(ResultLimit limit) {
            this.limit = limit;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (this.input == null) {
                this.input = new BackendMessageFilter(super.getInputStream(), this.limit);
            }
            return this.input;
        }
    }

    /** Reads backend messages and applies the rules above. */
    static final class BackendMessageFilter extends FilterInputStream {

        private static final byte[] DATE_STYLE = "DateStyle\0".getBytes(StandardCharsets.US_ASCII);

        private static final byte[] ELLIPSIS = " \u2026".getBytes(StandardCharsets.UTF_8);

        private final ResultLimit limit;

        private static final byte[] NONE = new byte[0];

        /** what skipped messages are read into */
        private final byte[] sink = new byte[8192];

        private byte[] pending = NONE;

        private int pendingPosition;

        private long passThrough;

        BackendMessageFilter(InputStream in, ResultLimit limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                if (this.pendingPosition < this.pending.length) {
                    int n = Math.min(length, this.pending.length - this.pendingPosition);
                    System.arraycopy(this.pending, this.pendingPosition, buffer, offset, n);
                    this.pendingPosition += n;
                    return n;
                }
                if (this.passThrough > 0) {
                    int n = this.in.read(buffer, offset, (int) Math.min(length, this.passThrough));
                    if (n > 0) {
                        this.passThrough -= n;
                    }
                    return n;
                }
                byte[] header = new byte[5];
                int first = this.in.read(header, 0, 1);
                if (first < 0) {
                    return -1;
                }
                readFully(header, 1, 4);
                int messageLength = ((header[1] & 0xFF) << 24) | ((header[2] & 0xFF) << 16)
                        | ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                long payload = Math.max(0, messageLength - 4L);
                this.pendingPosition = 0;
                switch (header[0]) {
                    case 'S' -> {
                        if (payload > 0 && payload < 65536) {
                            byte[] content = new byte[(int) payload];
                            readFully(content, 0, content.length);
                            this.pending = maskedOrSame(header, content);
                            continue;
                        }
                    }
                    case 'D', 'd' -> {
                        if (!this.limit.admitData(payload)) {
                            skipFully(payload);
                            this.pending = NONE;
                            continue;
                        }
                    }
                    case 'N' -> {
                        if (!this.limit.admitNotice(payload)) {
                            skipFully(payload);
                            this.pending = NONE;
                            continue;
                        }
                    }
                    case 'E' -> {
                        if (payload > MAX_ERROR_BYTES) {
                            this.pending = shortenedError(payload);
                            continue;
                        }
                    }
                    default -> {
                        // passed through below
                    }
                }
                this.pending = header;
                this.passThrough = payload;
            }
        }

        @Override
        public int available() throws IOException {
            if (this.pendingPosition < this.pending.length) {
                return this.pending.length - this.pendingPosition;
            }
            return this.passThrough > 0 ? (int) Math.min(this.in.available(), this.passThrough) : 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] sink = new byte[(int) Math.min(n, 8192)];
            int read = read(sink, 0, sink.length);
            return Math.max(read, 0);
        }

        private static byte[] maskedOrSame(byte[] header, byte[] payload) {
            boolean dateStyle = payload.length > DATE_STYLE.length
                    && Arrays.equals(payload, 0, DATE_STYLE.length, DATE_STYLE, 0, DATE_STYLE.length);
            if (dateStyle && !(payload[DATE_STYLE.length] == 'I' && payload.length > DATE_STYLE.length + 2
                    && payload[DATE_STYLE.length + 1] == 'S' && payload[DATE_STYLE.length + 2] == 'O')) {
                return message('S', "DateStyle\0ISO, MDY\0".getBytes(StandardCharsets.US_ASCII), 0, 19);
            }
            byte[] message = new byte[header.length + payload.length];
            System.arraycopy(header, 0, message, 0, header.length);
            System.arraycopy(payload, 0, message, header.length, payload.length);
            return message;
        }

        /**
         * Reads an {@code ErrorResponse} payload (fields of a type byte and a NUL-terminated string, then a NUL) in
         * chunks and rebuilds it with each field cut to {@link #MAX_ERROR_FIELD_BYTES} bytes at a UTF-8 character
         * boundary, followed by {@code " …"}.
         */
        private byte[] shortenedError(long payload) throws IOException {
            byte[] out = new byte[64];
            int size = 0;
            byte[] chunk = this.sink;
            long left = payload;
            boolean atType = true;
            int fieldStart = 0;
            boolean cut = false;
            while (left > 0) {
                int n = this.in.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new EOFException("server closed the connection inside a message");
                }
                left -= n;
                for (int i = 0; i < n; i++) {
                    byte b = chunk[i];
                    if (size + 8 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    if (atType) {
                        // a field's type byte, or the NUL that ends the list
                        out[size++] = b;
                        atType = b == 0;
                        fieldStart = size;
                        cut = false;
                    }
                    else if (b == 0) {
                        if (cut) {
                            size = utf8Boundary(out, fieldStart, size);
                            for (byte e : ELLIPSIS) {
                                out[size++] = e;
                            }
                        }
                        out[size++] = 0;
                        atType = true;
                    }
                    else if (size - fieldStart < MAX_ERROR_FIELD_BYTES) {
                        out[size++] = b;
                    }
                    else {
                        cut = true;
                    }
                }
            }
            return message('E', out, 0, size);
        }

        /** @return {@code end}, moved back over a UTF-8 sequence that does not end there (RFC 3629) */
        private static int utf8Boundary(byte[] bytes, int start, int end) {
            int lead = end - 1;
            while (lead >= start && (bytes[lead] & 0xC0) == 0x80) {
                lead--;
            }
            if (lead < start) {
                return start;
            }
            int first = bytes[lead] & 0xFF;
            int width = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2;
            return end - lead >= width ? end : lead;
        }

        private static byte[] message(char type, byte[] payload, int from, int length) {
            byte[] message = new byte[5 + length];
            int total = length + 4;
            message[0] = (byte) type;
            message[1] = (byte) (total >>> 24);
            message[2] = (byte) (total >>> 16);
            message[3] = (byte) (total >>> 8);
            message[4] = (byte) total;
            System.arraycopy(payload, from, message, 5, length);
            return message;
        }

        private void skipFully(long length) throws IOException {
            long left = length;
            while (left > 0) {
                int n = this.in.read(this.sink, 0, (int) Math.min(this.sink.length, left));
                if (n < 0) {
                    throw new EOFException("server closed the connection inside a message");
                }
                left -= n;
            }
        }

        private void readFully(byte[] buffer, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                int n = this.in.read(buffer, offset + done, length - done);
                if (n < 0) {
                    throw new EOFException("server closed the connection inside a message");
                }
                done += n;
            }
        }
    }
}
