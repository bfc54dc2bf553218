// com.sun.net.httpserver.HttpServer; start failure wrapped so the Caused by: chain prints
import com.sun.net.httpserver.HttpServer;
import java.io.*;
import java.net.*;

public class Http {
    static HttpServer start(String host, int port) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 0);
            s.createContext("/", ex -> {
                byte[] b = "hello\n".getBytes();
                System.out.println(ex.getRequestMethod() + " " + ex.getRequestURI());
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start HTTP server on " + host + ":" + port, e);
        }
    }

    public static void main(String[] args) {
        if (args.length > 2 && args[2].equals("--plain")) {
            try {
                HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 0).start();
            } catch (IOException e) {
                System.err.println(e);
                System.exit(1);
            }
        } else {
            start(args[0], Integer.parseInt(args[1]));
        }
        System.out.println("Server started on port " + args[1]);
    }
}
