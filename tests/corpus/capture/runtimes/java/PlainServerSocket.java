// new ServerSocket(port, 50, addr) with no try/catch: uncaught BindException
import java.net.*;

public class PlainServerSocket {
    public static void main(String[] args) throws Exception {
        InetAddress addr = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        ServerSocket ss = new ServerSocket(port, 50, addr);
        System.out.println("Listening on " + ss.getLocalSocketAddress());
        while (true) ss.accept().close();
    }
}
