// Starts DynamoDB Local bound to 127.0.0.1 only. The jar's own main (ServerRunner) has no host
// option: its Jetty server listens on every interface, with no authentication, so anyone on the
// network could rewrite the local accounts. This launcher builds the same server from the same
// command-line options, binds its Jetty connector to loopback before it starts, and refuses to
// run if that cannot be done. It skips the jar's telemetry set-up, so nothing is sent anywhere,
// and it exits when its parent dies (no orphan server left holding the port and the data).
// local/dynamo-local.ts compiles it once (javac) and runs it with the jar on the class path.
import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDBLocal {
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    // Ends with the process that started it: local/dynamo-local.ts holds our stdin open, and its
    // death — even by SIGKILL, which runs none of its exit handlers — closes it.
    Thread parentWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // nothing is ever sent; reading only waits for the end of the stream
        }
      } catch (IOException ignored) {
        // a broken stdin means the same
      }
      System.exit(0);
    }, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();

    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is private to DynamoDBProxyServer; the class path is not module-encapsulated.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) fail("the DynamoDB Local server has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof AbstractNetworkConnector)) fail("unexpected connector " + connector.getClass().getName());
      ((AbstractNetworkConnector) connector).setHost(HOST);
    }
    // A taken port either throws (Jetty's bind failure) or is printed and swallowed by start();
    // both end the process with one line on stderr and a non-zero code.
    try {
      proxy.start();
    } catch (Exception e) {
      fail("could not start on " + HOST + ": " + e);
    }
    if (!jetty.isStarted()) fail("could not start on " + HOST);
    for (Connector connector : jetty.getConnectors()) {
      AbstractNetworkConnector network = (AbstractNetworkConnector) connector;
      if (!HOST.equals(network.getHost())) fail("connector is not bound to " + HOST);
      System.out.println("DynamoDB Local listening on " + HOST + ":" + network.getLocalPort() + " only");
    }
    proxy.join();
  }

  private static void fail(String message) {
    System.err.println("LoopbackDynamoDBLocal: " + message);
    System.exit(2);
  }
}
