package com.clerk.backend.bench

import com.clerk.backend.Clerk
import com.clerk.backend.ClerkAuthenticator
import com.clerk.backend.ClerkOptions
import com.clerk.backend.VerifyTokenOptions
import java.lang.management.ManagementFactory
import java.security.KeyPairGenerator
import java.security.Signature
import java.util.Base64
import kotlinx.coroutines.runBlocking

/**
 * The Kotlin benchmark (scripts/bench-kotlin.sh): per operation, the process CPU (every thread
 * of the JVM: the core's runtime thread, JIT and GC too), the calling thread's CPU and the wall
 * time, medians of 5 rounds after a warm-up. Not a test: Surefire runs no `main`. Args: the
 * mock's URL (…/v1). Prints JSON.
 */
private val os = ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean

private val threads = ManagementFactory.getThreadMXBean()

/** Median µs per call of process CPU, of the calling thread's CPU, and of wall time. */
private fun perOp(n: Int, runs: Int = 5, op: () -> Unit): Triple<Double, Double, Double> {
    repeat(maxOf(5 * n, 1000)) { op() }
    val samples = (0 until runs).map {
        val cpu = os.processCpuTime
        val thread = threads.currentThreadCpuTime
        val wall = System.nanoTime()
        repeat(n) { op() }
        Triple((os.processCpuTime - cpu) / 1e3 / n, (threads.currentThreadCpuTime - thread) / 1e3 / n, (System.nanoTime() - wall) / 1e3 / n)
    }
    fun med(f: (Triple<Double, Double, Double>) -> Double) = samples.map(f).sorted()[runs / 2]
    return Triple(med { it.first }, med { it.second }, med { it.third })
}

private fun b64(bytes: ByteArray) = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)

fun main(args: Array<String>) {
    val url = args[0]
    val keys = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()
    val pem = "-----BEGIN PUBLIC KEY-----\n" +
        Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(keys.public.encoded) + "\n-----END PUBLIC KEY-----\n"
    val now = System.currentTimeMillis() / 1000
    val header = """{"alg":"RS256","typ":"JWT","kid":"ins_bench"}"""
    val claims = """{"azp":"https://app.example.com","exp":${now + 86400},"iat":${now - 5},"nbf":${now - 10},""" +
        """"iss":"https://clerk.example.com","sid":"sess_2TestSessionAAAAAAAAAAAAAAA","sub":"user_2TestUserAAAAAAAAAAAAAAAAAA","v":2}"""
    val input = b64(header.toByteArray()) + "." + b64(claims.toByteArray())
    val sig = Signature.getInstance("SHA256withRSA").apply { initSign(keys.private); update(input.toByteArray()) }.sign()
    val token = "$input.${b64(sig)}"

    val results = linkedMapOf<String, Triple<Double, Double, Double>>()
    ClerkAuthenticator().use { auth ->
        val opts = VerifyTokenOptions(jwtKey = pem, authorizedParties = listOf("https://app.example.com"))
        check(auth.verifyTokenBlocking(token, opts)["sub"].toString().contains("user_"))
        results["verifyTokenBlocking (PEM)"] = perOp(2000) { auth.verifyTokenBlocking(token, opts) }
        results["verifyTokenBlocking (PEM), claims read"] = perOp(2000) { auth.verifyTokenBlocking(token, opts)["sub"] }
        results["verifyToken (PEM), suspend in runBlocking"] = perOp(2000) { runBlocking { auth.verifyToken(token, opts) } }
        // What the time goes to: the same verify through the layers below the public API.
        val json = opts.toJson(null)
        com.clerk.backend.ffi.NativeAuthenticator(null).use { native ->
            val id = native.prepareVerify(json)
            val bytes = token.toByteArray()
            val direct = java.nio.ByteBuffer.allocateDirect(bytes.size)
            results["native verifyPrepared (PEM): one call, id + token bytes"] = perOp(2000) {
                direct.clear(); direct.put(bytes); direct.flip()
                com.clerk.backend.ffi.verifyPrepared(id, direct)
            }
            direct.clear(); direct.put(bytes); direct.flip()
            check(com.clerk.backend.ffi.benchVerifyPrepared(id, direct, 10u) == 10u)
            // The core's verify alone: 100 verifies per native call, the crossing amortized.
            results["core verify alone (PEM), 100 per native call"] = perOp(20) {
                check(com.clerk.backend.ffi.benchVerifyPrepared(id, direct, 100u) == 100u)
            }.let { (p, t, w) -> Triple(p / 100, t / 100, w / 100) }
            results["native verifyTokenBlocking (PEM), options JSON built once (the old path)"] =
                perOp(2000) { native.verifyTokenBlocking(token, json) }
            com.clerk.backend.ffi.releasePreparedVerify(id)
        }
    }
    // The crossings themselves: a call with primitives only (one status struct), and a call
    // returning a string (the buffer by value, then one more call to free it).
    results["UniFFI call, u64 in, nothing back (releasePreparedVerify)"] = perOp(20000) { com.clerk.backend.ffi.releasePreparedVerify(0UL) }
    results["UniFFI call overhead (version(), one string back)"] = perOp(20000) { com.clerk.backend.ffi.version() }
    results["JDK SHA256withRSA verify (reference)"] = perOp(2000) {
        Signature.getInstance("SHA256withRSA").apply { initVerify(keys.public); update(input.toByteArray()) }.verify(sig)
    }
    Clerk(ClerkOptions(secretKey = "sk_test_bench", serverUrl = url)).use { clerk ->
        check(clerk.users.listBlocking(limit = 100).size == 100)
        results["users.listBlocking(limit=100)"] = perOp(50) { clerk.users.listBlocking(limit = 100).size }
        results["users.list(limit=100), suspend in runBlocking"] = perOp(50) { runBlocking { clerk.users.list(limit = 100).size } }
        results["users.getBlocking"] = perOp(300) { clerk.users.getBlocking(userId = "user_1") }
    }
    println(results.entries.joinToString(",\n", "{\n", "\n}") { (k, v) ->
        String.format(java.util.Locale.ROOT, "  \"%s\": {\"process_cpu_us\": %.2f, \"thread_cpu_us\": %.2f, \"wall_us\": %.2f}", k, v.first, v.second, v.third)
    })
}
