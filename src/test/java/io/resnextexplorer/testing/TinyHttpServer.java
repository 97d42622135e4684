package io.resnextexplorer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A few-line HTTP/1.0 server for tests: serves fixed bytes per path, 404 otherwise. */
public final class TinyHttpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Thread thread;

    public TinyHttpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "tiny-http");
        thread.setDaemon(true);
        thread.start();
    }

    public TinyHttpServer put(String path, byte[] body) {
        files.put(path, body);
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0) {
                    head.append((char) c);
                    if (head.toString().endsWith("\r\n\r\n")) {
                        break;
                    }
                }
                String path = head.toString().split(" ")[1];
                byte[] body = files.get(path);
                OutputStream out = s.getOutputStream();
                if (body == null) {
                    out.write(
                            "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(
                            ("HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                                            + body.length
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                // closed or a malformed request: keep serving until closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
