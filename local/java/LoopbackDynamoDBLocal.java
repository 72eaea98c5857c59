// Starts DynamoDB Local bound to 127.0.0.1 only. The jar's own main (ServerRunner) has no host
// option: its Jetty server listens on every interface, with no authentication, so anyone on the
// network could rewrite the local accounts. This launcher builds the same server from the same
// command-line options, binds its Jetty connector to loopback before it starts, and refuses to
// run if that cannot be done. It skips the jar's telemetry set-up, so nothing is sent anywhere,
// and it exits when its parent dies (no orphan server left holding the port and the data).
// It also makes TransactWriteItems durable before it is answered (see DurableCommitQueue below).
// local/dynamo-local.ts compiles it once (javac) and runs it with the jar on the class path.
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
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
    makeCommitsDurable(proxy);
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

  /**
   * DynamoDB Local's SQLiteDBAccess.commitTransaction (the end of every TransactWriteItems)
   * queues its INSERT-and-COMMIT job on the single SQLite thread and returns without waiting for
   * it, so the HTTP answer leaves before the COMMIT has run: a kill in the next few milliseconds
   * loses an acknowledged transaction (9 of 10 at <= 2 ms in issue 23). Plain writes wait for their
   * job. The access object's queue is swapped for one that, for the job queued by
   * commitTransaction only, waits until it has run, and ends the process if the COMMIT failed
   * rather than let an unwritten transaction be acknowledged. With SQLite's default
   * synchronous=FULL and rollback journal (the jar sets no PRAGMA), a finished COMMIT is on disk.
   * -inMemory has no file to lose and is left alone.
   */
  private static void makeCommitsDurable(DynamoDBProxyServer proxy) throws Exception {
    // The database (and its access object) is opened on the first request; open it now, the same
    // way: with -sharedDb every request gets the one instance whatever its credentials.
    Object requests = find(proxy, "software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler");
    if (requests == null) fail("could not find DynamoDB Local's request handler to make its commits durable");
    if (!(Boolean) field(requests.getClass(), "sharedDb").get(requests)) fail("durable commits need -sharedDb");
    Method open = requests.getClass().getDeclaredMethod("getHandler", String.class);
    open.setAccessible(true);
    Object database = open.invoke(requests, "shared");
    Object access = find(database, "software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteDBAccess");
    if (access == null) fail("could not find DynamoDB Local's SQLite access to make its commits durable");
    Field queueField = field(access.getClass(), "queue");
    SQLiteQueue original = (SQLiteQueue) queueField.get(access);
    if (original.getDatabaseFile() == null) return;
    queueField.set(access, new DurableCommitQueue(original));
  }

  /** Delegates every call to the real queue; only the thread calling execute differs. */
  static final class DurableCommitQueue extends SQLiteQueue {
    private static final StackWalker WALKER = StackWalker.getInstance();
    private final SQLiteQueue real;

    DurableCommitQueue(SQLiteQueue real) {
      this.real = real;
    }

    @Override
    public <T, J extends SQLiteJob<T>> J execute(J job) {
      J queued = real.execute(job);
      if (!real.isDatabaseThread() && calledFromCommit()) {
        try {
          queued.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail("interrupted while waiting for a transaction's COMMIT");
        } catch (ExecutionException e) {
          fail("a transaction's COMMIT failed, stopping rather than acknowledging it: " + e.getCause());
        }
        if (queued.isCancelled() || queued.getError() != null) fail("a transaction's COMMIT did not run: " + queued.getError());
      }
      return queued;
    }

    private static boolean calledFromCommit() {
      return WALKER.walk((frames) -> frames.limit(4).anyMatch((f) -> f.getMethodName().equals("commitTransaction")));
    }

    @Override
    public SQLiteQueue start() {
      real.start();
      return this;
    }

    @Override
    public SQLiteQueue stop(boolean gracefully) {
      real.stop(gracefully);
      return this;
    }

    @Override
    public SQLiteQueue join() throws InterruptedException {
      real.join();
      return this;
    }

    @Override
    public SQLiteQueue flush() throws InterruptedException {
      real.flush();
      return this;
    }

    @Override
    public boolean isStopped() {
      return real.isStopped();
    }

    @Override
    public boolean isDatabaseThread() {
      return real.isDatabaseThread();
    }

    @Override
    public java.io.File getDatabaseFile() {
      return real.getDatabaseFile();
    }

    @Override
    public String toString() {
      return real.toString();
    }
  }

  /** The first object of the named class reachable from root through DynamoDB Local's and Jetty's own fields. */
  private static Object find(Object root, String className) throws IllegalAccessException {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<Object> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty() && seen.size() < 200_000) {
      Object o = todo.poll();
      if (!seen.add(o)) continue;
      Class<?> c = o.getClass();
      if (c.getName().equals(className)) return o;
      if (c.isArray()) {
        if (!c.getComponentType().isPrimitive()) for (int i = 0; i < Array.getLength(o); i++) push(todo, Array.get(o, i));
        continue;
      }
      // JDK internals are module-encapsulated: collections are walked through their public API.
      if (o instanceof Collection<?> items) {
        for (Object item : items) push(todo, item);
        continue;
      }
      if (o instanceof Map<?, ?> map) {
        for (Object value : map.values()) push(todo, value);
        continue;
      }
      for (Class<?> k = c; k != null && ours(k); k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || !f.trySetAccessible()) continue;
          push(todo, f.get(o));
        }
      }
    }
    return null;
  }

  private static boolean ours(Class<?> c) {
    return c.getName().startsWith("software.amazon.") || c.getName().startsWith("org.eclipse.jetty.");
  }

  private static void push(ArrayDeque<Object> todo, Object o) {
    if (o != null) todo.add(o);
  }

  private static Field field(Class<?> c, String name) throws NoSuchFieldException {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      try {
        Field f = k.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException ignored) {
        // declared higher up
      }
    }
    throw new NoSuchFieldException(name);
  }

  private static void fail(String message) {
    System.err.println("LoopbackDynamoDBLocal: " + message);
    System.exit(2);
  }
}
