// A plain Java program using the Kotlin JAR: the blocking twins, the options and the errors,
// with no library path set (the native library comes out of the JAR). Run by scripts/test.sh.
import com.clerk.backend.Clerk;
import com.clerk.backend.ClerkException;
import com.clerk.backend.ClerkOptions;
import com.clerk.backend.RetryConfig;
import com.clerk.backend.generated.models.User;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public final class JavaCaller {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean missing = exchange.getRequestURI().getPath().endsWith("/user_missing");
            byte[] body = (missing
                    ? "{\"errors\":[{\"code\":\"resource_not_found\",\"message\":\"not found\"}]}"
                    : "{\"id\":\"user_java\",\"object\":\"user\",\"first_name\":\"Duke\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(missing ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        ClerkOptions options = new ClerkOptions("sk_test_java_caller", root, 5_000L, RetryConfig.NONE);
        try (Clerk clerk = new Clerk(options)) {
            User user = clerk.getUsers().getBlocking("user_java");
            if (!"user_java".equals(user.getId()) || !"Duke".equals(user.getFirst_name())) {
                throw new AssertionError("unexpected user " + user);
            }
            try {
                clerk.getUsers().getBlocking("user_missing");
                throw new AssertionError("no exception for a 404");
            } catch (ClerkException.Api e) {
                if (e.getStatus() != 404 || !"resource_not_found".equals(e.getErrors().get(0).getCode())) {
                    throw new AssertionError("unexpected error " + e);
                }
            }
        } finally {
            server.stop(0);
        }
        System.out.println("java caller: 2 passed, 0 failed");
    }
}
