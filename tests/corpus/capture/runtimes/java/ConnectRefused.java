// negative: connect to a closed loopback port
import java.net.*;

public class ConnectRefused {
    public static void main(String[] args) throws Exception {
        new Socket("127.0.0.1", Integer.parseInt(args[0])).close();
    }
}
