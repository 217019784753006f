package com.clerk.bench;

import com.clerk.backend.Clerk;
import com.clerk.backend.ClerkOptions;
import java.util.List;
import java.util.Locale;

/**
 * `users.create` through the Kotlin binding's blocking twin, the one workload of
 * OfficialBench that the Kotlin harness (BenchKt) does not measure; same perOp, same body
 * (first name and one email address), same mock. Called from Java, as a Java application
 * would call the binding. Compiled by scripts/bench-java-official.sh with javac against the
 * built Kotlin JAR, not by Maven (the module's pom must not depend on the product).
 * Args: the mock's URL (…/v1). Prints JSON.
 */
public final class OursCreateBench {
    public static void main(String[] args) throws Exception {
        try (Clerk clerk = new Clerk(new ClerkOptions("sk_test_bench", args[0]))) {
            List<String> email = List.of("ada@example.com");
            if (clerk.getUsers().createBlocking(null, "Ada", null, null, email).getId() == null) {
                throw new IllegalStateException("sanity check failed: users.createBlocking returns a user");
            }
            double[] v = OfficialBench.perOp(300, () -> clerk.getUsers().createBlocking(null, "Ada", null, null, email));
            System.out.println(String.format(Locale.ROOT,
                    "{\n  \"users.createBlocking\": {\"process_cpu_us\": %.2f, \"thread_cpu_us\": %.2f, \"wall_us\": %.2f}\n}",
                    v[0], v[1], v[2]));
        }
    }
}
