/*
 * DynamoDB Local bound to one interface (127.0.0.1 unless -Doffline.aws.bindHost says otherwise).
 *
 * DynamoDB Local's own entry point (ServerRunner) has no host option: its Jetty server listens on
 * every interface, and it has no authentication. This launcher builds the server exactly as
 * ServerRunner does, from the same command-line arguments, then sets the host of its Jetty
 * connectors before starting it. Compiled into LoopbackDynamoDbLocal.class beside this file
 * (packages/offline-aws/scripts/build-java.cjs); a test checks the class matches this source.
 *
 * With -Doffline.aws.exitWithParent=true it also ends when its standard input closes: the process
 * that started it holds the other end, so the database goes when that process goes, however it
 * ended (even SIGKILL, which leaves no exit hook to run) — never left behind on its own.
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDbLocal {
  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    String host = System.getProperty("offline.aws.bindHost", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    if (proxy == null) {
      // Help or version was asked for, or the arguments were refused (ServerRunner printed why).
      System.exit(1);
    }
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost(host);
        bound++;
      } else if (connector instanceof NetworkConnector) {
        throw new IllegalStateException("Unexpected connector " + connector.getClass().getName());
      }
    }
    if (bound == 0) throw new IllegalStateException("DynamoDB Local has no network connector to bind");
    proxy.start();
    if (Boolean.getBoolean("offline.aws.exitWithParent")) exitWhenInputCloses();
    System.out.println("DynamoDB Local listening on " + host);
    proxy.join();
  }

  /** A daemon thread that reads standard input to its end, then exits (shutdown hooks run). */
  private static void exitWhenInputCloses() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                byte[] buffer = new byte[256];
                while (System.in.read(buffer) >= 0) {
                  // The parent writes nothing: read until it closes its end.
                }
              } catch (java.io.IOException closed) {
                // Treated as the end.
              }
              System.exit(0);
            },
            "exit-with-parent");
    watcher.setDaemon(true);
    watcher.start();
  }
}
