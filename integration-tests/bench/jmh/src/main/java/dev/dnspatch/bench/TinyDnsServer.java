package dev.dnspatch.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * A DNS responder on 127.0.0.1 for the Netty benchmark, on a thread of its own: every A query gets
 * 127.0.0.1, every AAAA query 2001:db8::1, both with a TTL of one hour, and nothing else is
 * answered. Small on purpose: the benchmark measures the resolver, not the server.
 */
final class TinyDnsServer implements AutoCloseable {
    private static final int A = 1;
    private static final int AAAA = 28;
    private static final byte[] IPV4 = {127, 0, 0, 1};
    private static final byte[] IPV6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final DatagramSocket socket;

    private TinyDnsServer(DatagramSocket socket) {
        this.socket = socket;
        Thread thread = new Thread(this::serve, "tiny-dns");
        thread.setDaemon(true);
        thread.start();
    }

    static TinyDnsServer start() throws IOException {
        return new TinyDnsServer(new DatagramSocket(new InetSocketAddress(InetAddress.getByAddress(IPV4), 0)));
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] in = new byte[512];
        byte[] out = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(in, in.length);
            try {
                socket.receive(query);
                int length = answer(in, query.getLength(), out);
                if (length > 0) {
                    socket.send(new DatagramPacket(out, length, query.getSocketAddress()));
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // a broken query: no answer
            }
        }
    }

    /** The response's length in {@code out}, or 0 to drop the query. */
    private static int answer(byte[] in, int length, byte[] out) {
        int end = 12;
        while (end < length && in[end] != 0) {
            end += (in[end] & 0xff) + 1;
        }
        end += 1; // the root label
        if (end + 4 > length) {
            return 0;
        }
        int type = ((in[end] & 0xff) << 8) | (in[end + 1] & 0xff);
        end += 4; // type and class
        System.arraycopy(in, 0, out, 0, end);
        out[2] = (byte) 0x85; // QR, opcode QUERY, AA, RD
        out[3] = (byte) 0x80; // RA, NOERROR
        out[4] = 0;
        out[5] = 1; // one question
        boolean known = type == A || type == AAAA;
        out[6] = 0;
        out[7] = (byte) (known ? 1 : 0);
        for (int i = 8; i < 12; i++) {
            out[i] = 0; // no authority, no additional records
        }
        if (!known) {
            return end;
        }
        byte[] data = type == A ? IPV4 : IPV6;
        int at = end;
        out[at++] = (byte) 0xc0; // the question's name, by pointer
        out[at++] = 12;
        out[at++] = 0;
        out[at++] = (byte) type;
        out[at++] = 0;
        out[at++] = 1; // IN
        out[at++] = 0;
        out[at++] = 0;
        out[at++] = 0x0e;
        out[at++] = 0x10; // TTL 3600
        out[at++] = 0;
        out[at++] = (byte) data.length;
        System.arraycopy(data, 0, out, at, data.length);
        return at + data.length;
    }

    @Override
    public void close() {
        socket.close();
    }
}
