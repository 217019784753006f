package com.clerk.bench;

import com.clerk.backend_api.Clerk;
import com.clerk.backend_api.helpers.security.VerifyToken;
import com.clerk.backend_api.helpers.security.models.VerifyTokenOptions;
import com.clerk.backend_api.models.operations.CreateUserRequestBody;
import com.clerk.backend_api.models.operations.GetUserListRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The official Java SDK (com.clerk:backend-api) on the workloads of the Kotlin binding's benchmark
 * (bindings/uniffi/kotlin/src/test/kotlin/com/clerk/backend/bench/Bench.kt), measured the same
 * way: per operation the process CPU (every JVM thread: HttpClient's selector, JIT, GC), the
 * calling thread's CPU and the wall time, medians of 5 rounds after a warm-up of max(5n, 1000)
 * calls. The token is built exactly as Bench.kt builds it (fresh RSA-2048 key, same header and
 * claims). Args: the mock's URL (…/v1). Prints JSON, keys naming the Kotlin rows they pair with.
 */
public final class OfficialBench {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One operation under measurement; may throw (the SDK's calls declare checked exceptions). */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    /** Median µs per call of process CPU, of the calling thread's CPU, and of wall time. */
    static double[] perOp(int n, Op op) throws Exception {
        int runs = 5;
        for (int i = 0; i < Math.max(5 * n, 1000); i++) op.run();
        double[][] samples = new double[runs][];
        for (int r = 0; r < runs; r++) {
            long cpu = OS.getProcessCpuTime();
            long thread = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < n; i++) op.run();
            samples[r] = new double[] {
                (OS.getProcessCpuTime() - cpu) / 1e3 / n,
                (THREADS.getCurrentThreadCpuTime() - thread) / 1e3 / n,
                (System.nanoTime() - wall) / 1e3 / n,
            };
        }
        double[] medians = new double[3];
        for (int k = 0; k < 3; k++) {
            final int col = k;
            medians[k] = Arrays.stream(samples).mapToDouble(s -> s[col]).sorted().toArray()[runs / 2];
        }
        return medians;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("sanity check failed: " + what);
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair keys = gen.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"ins_bench\"}";
        String claims = "{\"azp\":\"https://app.example.com\",\"exp\":" + (now + 86400) + ",\"iat\":" + (now - 5)
                + ",\"nbf\":" + (now - 10) + ",\"iss\":\"https://clerk.example.com\",\"sid\":\"sess_2TestSessionAAAAAAAAAAAAAAA\","
                + "\"sub\":\"user_2TestUserAAAAAAAAAAAAAAAAAA\",\"v\":2}";
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        byte[] sig = signer.sign();
        String token = input + "." + b64(sig);

        Map<String, double[]> results = new LinkedHashMap<>();
        VerifyTokenOptions opts = VerifyTokenOptions.jwtKey(pem).authorizedParty("https://app.example.com").build();
        check(VerifyToken.verifyToken(token, opts).payload().toString().contains("user_2TestUser"), "verifyToken returns the claims");
        results.put("VerifyToken.verifyToken (PEM)", perOp(2000, () -> VerifyToken.verifyToken(token, opts)));
        results.put("JDK SHA256withRSA verify (reference)", perOp(2000, () -> {
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(keys.getPublic());
            v.update(input.getBytes(StandardCharsets.US_ASCII));
            v.verify(sig);
        }));

        Clerk clerk = Clerk.builder().bearerAuth("sk_test_bench").serverURL(url).build();
        GetUserListRequest list100 = GetUserListRequest.builder().limit(100L).build();
        check(clerk.users().list(list100).userList().orElseThrow().size() == 100, "users.list returns 100 users");
        results.put("users.list(limit=100)", perOp(50, () -> clerk.users().list(list100).userList().orElseThrow().size()));
        check(clerk.users().get("user_1").user().isPresent(), "users.get returns a user");
        results.put("users.get", perOp(300, () -> clerk.users().get("user_1").user().orElseThrow()));
        CreateUserRequestBody body = CreateUserRequestBody.builder()
                .emailAddress(List.of("ada@example.com")).firstName("Ada").build();
        check(clerk.users().create(body).user().isPresent(), "users.create returns a user");
        results.put("users.create", perOp(300, () -> clerk.users().create(body).user().orElseThrow()));

        System.out.println(results.entrySet().stream().map(e -> String.format(Locale.ROOT,
                "  \"%s\": {\"process_cpu_us\": %.2f, \"thread_cpu_us\": %.2f, \"wall_us\": %.2f}",
                e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .collect(Collectors.joining(",\n", "{\n", "\n}")));
    }
}
