package com.clerk.backend

import com.clerk.backend.ffi.NativeAuthenticator
import com.clerk.backend.ffi.releasePreparedVerify
import java.lang.ref.Cleaner
import java.lang.ref.Reference
import java.lang.ref.WeakReference
import java.nio.ByteBuffer
import java.util.WeakHashMap
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/**
 * `verifyToken`'s options parsed once by the core and kept there under an id while the options
 * object lives (bindings/uniffi/src/verifier.rs), as the Node and Python bindings keep theirs:
 * a verify is then one native call with the id and the token. Keyed by value (a data class), so
 * an equal options object made per request finds the entry too. An entry holds its options only
 * weakly (a [WeakHashMap] value that held its key would keep both forever): when the key is
 * collected the map drops the entry, and once no call holds the entry either ([withId] keeps it
 * reachable for the length of the native call, so an id is never released under a running call)
 * the core forgets the id through the [Cleaner].
 */
internal class PreparedVerifies(
    private val native: NativeAuthenticator,
    private val defaultSecretKey: String?,
) : AutoCloseable {
    private class Entry(options: VerifyTokenOptions, val id: ULong) {
        val options = WeakReference(options)
        lateinit var release: Cleaner.Cleanable
    }

    private val byOptions = WeakHashMap<VerifyTokenOptions, Entry>()

    /** The last options used, checked by identity first: most programs pass one object. */
    @Volatile private var last: Entry? = null
    private var closed = false

    /** [call] with the id of [options]' prepared verify, which stays valid until [call] returns. */
    fun <T> withId(options: VerifyTokenOptions, call: (ULong) -> T): T {
        val entry = entry(options)
        try {
            return call(entry.id)
        } finally {
            Reference.reachabilityFence(entry)
        }
    }

    private fun entry(options: VerifyTokenOptions): Entry {
        last?.let { if (it.options.get() === options) return it }
        synchronized(byOptions) {
            check(!closed) { "ClerkAuthenticator has already been closed" }
            val entry = byOptions[options] ?: prepare(options)
            last = entry
            return entry
        }
    }

    private fun prepare(options: VerifyTokenOptions): Entry {
        val id = native { native.prepareVerify(options.toJson(defaultSecretKey)) }
        val entry = Entry(options, id)
        byOptions[options] = entry
        entry.release = cleaner.register(entry, Release(id))
        return entry
    }

    override fun close() {
        synchronized(byOptions) {
            closed = true
            last = null
            byOptions.values.forEach { it.release.clean() }
            byOptions.clear()
        }
    }

    /** Holds only the id: a cleaning action must not reach the entry it cleans up after. */
    private class Release(private val id: ULong) : Runnable {
        override fun run() = releasePreparedVerify(id)
    }

    private companion object {
        val cleaner: Cleaner = Cleaner.create()
    }
}

/**
 * The token as UTF-8 in this thread's direct buffer, which UniFFI lends to the core as `&[u8]`
 * without a native allocation; valid until this thread's next call.
 */
internal fun tokenBytes(token: String): ByteBuffer {
    val bytes = token.toByteArray()
    var buf = tokenBuffer.get()
    if (buf.capacity() < bytes.size) {
        buf = ByteBuffer.allocateDirect(bytes.size)
        tokenBuffer.set(buf)
    }
    buf.clear()
    buf.put(bytes)
    buf.flip()
    return buf
}

private val tokenBuffer: ThreadLocal<ByteBuffer> = ThreadLocal.withInitial { ByteBuffer.allocateDirect(4096) }

/**
 * Claims as a [JsonObject] whose JSON text is parsed on first access: a caller that only
 * checks that the token verified pays no parse.
 */
internal fun lazyJsonObject(text: String): JsonObject = JsonObject(LazyJsonMap(text))

private class LazyJsonMap(private val text: String) : AbstractMap<String, JsonElement>() {
    private val parsed: JsonObject by lazy { Json.parseToJsonElement(text).jsonObject }
    override val entries: Set<Map.Entry<String, JsonElement>> get() = parsed.entries
    override val keys: Set<String> get() = parsed.keys
    override val values: Collection<JsonElement> get() = parsed.values
    override val size: Int get() = parsed.size
    override fun isEmpty(): Boolean = parsed.isEmpty()
    override fun containsKey(key: String): Boolean = parsed.containsKey(key)
    override fun get(key: String): JsonElement? = parsed[key]
}
