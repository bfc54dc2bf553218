// DatagramSocket bound to host:port, uncaught SocketException
import java.net.*;

public class Udp {
    public static void main(String[] args) throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
        System.out.println("UDP listening on " + s.getLocalSocketAddress());
        byte[] buf = new byte[2048];
        while (true) s.receive(new DatagramPacket(buf, buf.length));
    }
}
