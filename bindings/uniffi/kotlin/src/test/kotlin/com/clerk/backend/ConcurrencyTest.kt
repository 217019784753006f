package com.clerk.backend

import java.nio.file.Files
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Concurrency, cancellation, pagination, uploads and the blocking twins. */
class ConcurrencyTest {
    private fun user(i: Int) = """{"id":"user_$i","object":"user","first_name":"U$i"}"""

    /** users.list by limit/offset over [total] users. */
    private fun pagingServer(total: Int) = MockServer { r, _ ->
        val q = (r.query ?: "").split("&").filter { it.contains("=") }.associate { it.substringBefore("=") to it.substringAfter("=") }
        val offset = q["offset"]?.toInt() ?: 0
        val limit = q["limit"]?.toInt() ?: 10
        val ids = (offset until minOf(total, offset + limit))
        Reply(200, ids.joinToString(",", "[", "]") { user(it) })
    }

    @Test
    fun hundredConcurrentCoroutinesOnOneClient() {
        MockServer { r, _ -> Reply(200, user(r.path.substringAfterLast("_").toInt()), delayMs = 20) }.use { server ->
            localClerk(server.root).use { clerk ->
                val ids = runBlocking(Dispatchers.Default) {
                    (0 until 100).map { i -> async { clerk.users.get(userId = "user_$i").json["id"]!!.jsonPrimitive.content } }.awaitAll()
                }
                assertEquals((0 until 100).map { "user_$it" }, ids)
                assertEquals(100, server.requests.size)
            }
        }
    }

    @Test
    fun cancellingTheCoroutineClosesTheConnection() {
        SilentServer().use { server ->
            localClerk(server.root).use { clerk ->
                runBlocking {
                    val job = launch(Dispatchers.Default) { clerk.users.get(userId = "user_1") }
                    assertTrue(server.requestSeen.await(10, TimeUnit.SECONDS), "the request reached the server")
                    job.cancelAndJoin()
                }
                assertTrue(server.closedByClient.await(5, TimeUnit.SECONDS), "the server saw the connection closed")
            }
        }
    }

    @Test
    fun withTimeoutCancelsTheNativeCall() {
        SilentServer().use { server ->
            localClerk(server.root).use { clerk ->
                assertThrows<kotlinx.coroutines.TimeoutCancellationException> {
                    runBlocking { withTimeout(500) { clerk.call("users.get", kotlinx.serialization.json.buildJsonObject { put("user_id", kotlinx.serialization.json.JsonPrimitive("u")) }) } }
                }
                assertTrue(server.closedByClient.await(5, TimeUnit.SECONDS), "the server saw the connection closed")
            }
        }
    }

    @Test
    fun aCancelHandleAbortsTheNativeCall() {
        SilentServer().use { server ->
            localClerk(server.root).use { clerk ->
                val early = com.clerk.backend.ffi.CancelHandle().apply { cancel() }
                assertThrows<ClerkException.Cancelled> {
                    runBlocking { native { clerk.native.call("users.get", """{"user_id":"u"}""", emptyList(), null, early) } }
                }
                val handle = com.clerk.backend.ffi.CancelHandle()
                Thread {
                    server.requestSeen.await(10, TimeUnit.SECONDS)
                    handle.cancel()
                }.start()
                val e = assertThrows<ClerkException.Cancelled> {
                    runBlocking { native { clerk.native.call("users.get", """{"user_id":"u"}""", emptyList(), null, handle) } }
                }
                assertEquals("cancelled", e.code)
                assertTrue(server.closedByClient.await(5, TimeUnit.SECONDS), "the server saw the connection closed")
            }
        }
    }

    @Test
    fun paginationToTheEnd() {
        pagingServer(total = 25).use { server ->
            localClerk(server.root).use { clerk ->
                val all = runBlocking { clerk.users.listFlow(limit = 10).toList() }
                assertEquals((0 until 25).map { "user_$it" }, all.map { it.json["id"]!!.jsonPrimitive.content })
                assertEquals(3, server.requests.size, "three pages, the last one short")
                val blocking = clerk.users.listSequence(limit = 7).toList()
                assertEquals(25, blocking.size)
                val firstFew = runBlocking { clerk.users.listFlow(limit = 10).take(3).toList() }
                assertEquals(3, firstFew.size)
            }
        }
    }

    @Test
    fun uploadFromBytesAndFromPath() {
        MockServer { _, _ -> Reply(200, user(1)) }.use { server ->
            localClerk(server.root).use { clerk ->
                val png = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47) + "bytes-upload".toByteArray()
                runBlocking { clerk.users.setProfileImage(userId = "user_1", file = FileUpload.fromBytes(png, "me.png", "image/png")) }
                val tmp = Files.createTempFile("clerk-upload", ".png")
                Files.write(tmp, "path-upload-content".toByteArray())
                clerk.users.setProfileImageBlocking(userId = "user_1", file = FileUpload.fromPath(tmp))
                Files.delete(tmp)
                val (first, second) = server.requests
                assertTrue(first.headers["content-type"]!!.startsWith("multipart/form-data"))
                assertTrue(first.text.contains("bytes-upload") && first.text.contains("filename=\"me.png\""), first.text)
                assertTrue(first.text.contains("image/png"))
                assertTrue(second.text.contains("path-upload-content"), second.text)
                assertTrue(second.text.contains("filename=\"${tmp.fileName}\""), second.text)
            }
        }
    }

    @Test
    fun blockingTwinsFromPlainThreads() {
        MockServer { r, _ -> Reply(200, user(r.path.substringAfterLast("_").toInt()), delayMs = 10) }.use { server ->
            localClerk(server.root).use { clerk ->
                val ok = AtomicInteger()
                val threads = (0 until 16).map { t ->
                    Thread {
                        repeat(4) { k ->
                            val id = t * 4 + k
                            if (clerk.users.getBlocking(userId = "user_$id").json["id"]!!.jsonPrimitive.content == "user_$id") ok.incrementAndGet()
                        }
                    }.apply { start() }
                }
                threads.forEach { it.join(30_000) }
                assertEquals(64, ok.get())
                assertEquals(64, server.requests.size)
            }
        }
    }
}
