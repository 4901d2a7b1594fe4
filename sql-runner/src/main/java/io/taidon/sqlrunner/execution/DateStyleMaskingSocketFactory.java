package io.taidon.sqlrunner.execution;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.net.SocketFactory;

/**
 * A pgjdbc {@code socketFactory} whose sockets hide a learner's {@code SET DateStyle} from the driver.
 * <p>
 * pgjdbc closes the connection when the server reports ({@code ParameterStatus}, protocol message {@code 'S'}) a
 * {@code DateStyle} that does not begin with {@code ISO}, because it parses dates itself. The runner never lets
 * pgjdbc parse a value (every column is read as the server's text output), so a {@code SET DateStyle =
 * 'Postgres'} must behave as it does in psql. This stream rewrites only that one message to {@code ISO, MDY}; every
 * other byte passes through unchanged. Needs {@code sslmode=disable} and {@code gssEncMode=disable} (the stream
 * expects protocol messages from the first byte). Source of the framing: PostgreSQL protocol, "Message Formats".
 */
public class DateStyleMaskingSocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() {
        return new MaskingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = new MaskingSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new MaskingSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = new MaskingSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = new MaskingSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private static final class MaskingSocket extends Socket {

        private InputStream input;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (this.input == null) {
                this.input = new MaskingInputStream(super.getInputStream());
            }
            return this.input;
        }
    }

    /** Reads backend messages; buffers and rewrites only {@code ParameterStatus(DateStyle, non-ISO)}. */
    static final class MaskingInputStream extends FilterInputStream {

        private static final byte[] DATE_STYLE = "DateStyle\0".getBytes(StandardCharsets.US_ASCII);

        private byte[] pending = new byte[0];

        private int pendingPosition;

        private long passThrough;

        MaskingInputStream(InputStream in) {
            super(in);
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
            int messageLength = ((header[1] & 0xFF) << 24) | ((header[2] & 0xFF) << 16) | ((header[3] & 0xFF) << 8)
                    | (header[4] & 0xFF);
            if (header[0] == 'S' && messageLength > 4 && messageLength < 65536) {
                byte[] payload = new byte[messageLength - 4];
                readFully(payload, 0, payload.length);
                this.pending = maskedOrSame(header, payload);
            }
            else {
                this.pending = header;
                this.passThrough = Math.max(0, messageLength - 4L);
            }
            this.pendingPosition = 0;
            return read(buffer, offset, length);
        }

        @Override
        public int available() throws IOException {
            if (this.pendingPosition < this.pending.length) {
                return this.pending.length - this.pendingPosition;
            }
            return this.passThrough > 0 ? (int) Math.min(this.in.available(), this.passThrough) : this.in.available();
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
                byte[] masked = "DateStyle\0ISO, MDY\0".getBytes(StandardCharsets.US_ASCII);
                byte[] message = new byte[5 + masked.length];
                int length = masked.length + 4;
                message[0] = 'S';
                message[1] = (byte) (length >>> 24);
                message[2] = (byte) (length >>> 16);
                message[3] = (byte) (length >>> 8);
                message[4] = (byte) length;
                System.arraycopy(masked, 0, message, 5, masked.length);
                return message;
            }
            byte[] message = new byte[header.length + payload.length];
            System.arraycopy(header, 0, message, 0, header.length);
            System.arraycopy(payload, 0, message, header.length, payload.length);
            return message;
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
