package com.clerk.backend

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import java.io.File
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

val REPO_ROOT: File = File(System.getProperty("clerk.repoRoot") ?: "../../..").canonicalFile

fun readJson(file: File): JsonElement = Json.parseToJsonElement(file.readText())

/** One request as the mock received it. */
class Recorded(val method: String, val path: String, val query: String?, val headers: Map<String, String>, val body: ByteArray) {
    val text: String get() = body.decodeToString()
}

class Reply(val status: Int, val body: String = "", val headers: Map<String, String> = mapOf("content-type" to "application/json"), val delayMs: Long = 0)

/**
 * A real HTTP server on 127.0.0.1 (the JDK's), recording every request. [handler] answers;
 * by default routes by "METHOD /path".
 */
class MockServer(private val handler: (Recorded, Int) -> Reply) : AutoCloseable {
    val requests = CopyOnWriteArrayList<Recorded>()
    private val server: HttpServer = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 200)

    init {
        server.executor = Executors.newCachedThreadPool()
        server.createContext("/") { ex -> handle(ex) }
        server.start()
    }

    val root: String get() = "http://127.0.0.1:${server.address.port}"

    private fun handle(ex: HttpExchange) {
        ex.use {
            val headers = ex.requestHeaders.entries.associate { (k, v) -> k.lowercase() to v.joinToString(",") }
            val rec = Recorded(ex.requestMethod, ex.requestURI.path, ex.requestURI.rawQuery, headers, ex.requestBody.readBytes())
            requests.add(rec)
            val reply = handler(rec, requests.size)
            if (reply.delayMs > 0) Thread.sleep(reply.delayMs)
            reply.headers.forEach { (k, v) -> ex.responseHeaders.add(k, v) }
            val bytes = reply.body.toByteArray()
            ex.sendResponseHeaders(reply.status, if (bytes.isEmpty()) -1 else bytes.size.toLong())
            if (bytes.isNotEmpty()) ex.responseBody.write(bytes)
        }
    }

    override fun close() = server.stop(0)

    companion object {
        fun routes(routes: Map<String, Reply>) = MockServer { r, _ ->
            routes["${r.method} ${r.path}"] ?: Reply(404, """{"errors":[{"code":"not_found","message":"no route"}]}""")
        }
    }
}

/**
 * A server that reads a request and never answers, then reports when the client closed
 * the connection (the proof that a cancelled call dropped it).
 */
class SilentServer : AutoCloseable {
    private val socket = ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))
    val requestSeen = CountDownLatch(1)
    val closedByClient = CountDownLatch(1)
    private val thread = Thread {
        runCatching {
            val s: Socket = socket.accept()
            s.use {
                val input = it.getInputStream()
                val buf = ByteArray(4096)
                var seen = false
                while (true) {
                    val n = input.read(buf)
                    if (n < 0) break
                    if (!seen) { seen = true; requestSeen.countDown() }
                }
                closedByClient.countDown()
            }
        }
    }.apply { isDaemon = true; start() }

    val root: String get() = "http://127.0.0.1:${socket.localPort}"

    override fun close() {
        socket.close()
        thread.join(TimeUnit.SECONDS.toMillis(2))
    }
}

/** A client for a local server: no retries unless asked, test key. */
fun localClerk(root: String, retry: RetryConfig? = RetryConfig.NONE, timeoutMs: Long? = null) =
    Clerk(ClerkOptions(secretKey = "sk_test_local_kotlin_secret", serverUrl = root, retryConfig = retry, timeoutMs = timeoutMs))
