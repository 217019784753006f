package com.clerk.backend

import com.clerk.backend.ffi.BodyKind
import com.clerk.backend.ffi.NativeClient
import com.clerk.backend.ffi.NativePage
import com.clerk.backend.ffi.NativeResponse
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * The Clerk Backend API client: every operation as a typed method of its resource
 * (`clerk.users.list(limit = 10)`), each a `suspend fun` with a `…Blocking` twin.
 * One client holds one connection pool; share it. Close it (or `use { }`) when done.
 */
class Clerk @JvmOverloads constructor(val options: ClerkOptions = ClerkOptions()) : ClerkResources(), AutoCloseable {
    internal val native: NativeClient = native { NativeClient(options.toJson()) }

    /** The authenticator of [authenticateRequest] and [verifyToken], made on first use (its JWKS cache lives with the client). */
    internal val auth: ClerkAuthenticator by lazy { ClerkAuthenticator(defaultSecretKey = options.secretKey) }

    /**
     * Any operation by its dotted name (`users.list`) with its parameters by their wire names
     * (path, query and body fields in one object): the escape hatch for what the typed API lacks.
     */
    @JvmOverloads
    suspend fun call(
        operation: String,
        params: JsonObject = JsonObject(emptyMap()),
        files: Map<String, FileUpload> = emptyMap(),
        options: RequestOptions? = null,
    ): JsonElement = invokeJson(operation, params, files, options)

    /** Blocking twin of [call]. */
    @JvmOverloads
    fun callBlocking(
        operation: String,
        params: JsonObject = JsonObject(emptyMap()),
        files: Map<String, FileUpload> = emptyMap(),
        options: RequestOptions? = null,
    ): JsonElement = invokeJsonBlocking(operation, params, files, options)

    /** Every item of every page of a list operation, by its dotted name. */
    @JvmOverloads
    fun pages(operation: String, params: JsonObject = JsonObject(emptyMap()), options: RequestOptions? = null): Flow<JsonElement> =
        pageFlow(operation, params, options)

    /** Request authentication (auth spec 9), with this client's secret key unless [options] has one. */
    @JvmOverloads
    suspend fun authenticateRequest(
        method: String,
        url: String,
        headers: Map<String, String>,
        options: AuthenticateRequestOptions = AuthenticateRequestOptions(),
    ): RequestState = auth.authenticateRequest(method, url, headers, options)

    /** Blocking twin of [authenticateRequest]. */
    @JvmOverloads
    fun authenticateRequestBlocking(
        method: String,
        url: String,
        headers: Map<String, String>,
        options: AuthenticateRequestOptions = AuthenticateRequestOptions(),
    ): RequestState = auth.authenticateRequestBlocking(method, url, headers, options)

    /** Verifies a session token (auth spec 5); its claims. */
    @JvmOverloads
    suspend fun verifyToken(token: String, options: VerifyTokenOptions = VerifyTokenOptions()): JsonObject =
        auth.verifyToken(token, options)

    /** Blocking twin of [verifyToken]. */
    @JvmOverloads
    fun verifyTokenBlocking(token: String, options: VerifyTokenOptions = VerifyTokenOptions()): JsonObject =
        auth.verifyTokenBlocking(token, options)

    override fun close() {
        native.close()
    }

    override fun toString(): String = "Clerk($options)"
}

internal suspend fun Clerk.invokeJson(
    operation: String,
    params: JsonObject,
    files: Map<String, FileUpload> = emptyMap(),
    options: RequestOptions? = null,
    kotlinNames: Map<String, String> = emptyMap(),
): JsonElement {
    val response = inKotlinNames(kotlinNames) {
        cancellable { handle ->
            native.call(operation, params.toString(), files.map { (field, f) -> f.toNative(field) }, options?.toJson(), handle)
        }
    }
    return decodeBody(response)
}

internal fun Clerk.invokeJsonBlocking(
    operation: String,
    params: JsonObject,
    files: Map<String, FileUpload> = emptyMap(),
    options: RequestOptions? = null,
    kotlinNames: Map<String, String> = emptyMap(),
): JsonElement {
    val response = inKotlinNames(kotlinNames) {
        native {
            native.callBlocking(operation, params.toString(), files.map { (field, f) -> f.toNative(field) }, options?.toJson())
        }
    }
    return decodeBody(response)
}

/**
 * A typed method's call: an [ClerkException.InvalidArgument] names the Kotlin argument
 * ([kotlinNames]: wire → Kotlin, the renamed ones only), as the caller wrote it. `clerk.call`
 * passes none: its parameters are the wire's.
 */
private inline fun <T> inKotlinNames(kotlinNames: Map<String, String>, block: () -> T): T =
    if (kotlinNames.isEmpty()) block()
    else try {
        block()
    } catch (e: ClerkException.InvalidArgument) {
        throw e.inKotlinNames(kotlinNames)
    }

/** Every item of every page, fetched lazily; cancelling the collector cancels the fetch in flight. */
internal fun Clerk.pageFlow(
    operation: String,
    params: JsonObject,
    options: RequestOptions? = null,
    kotlinNames: Map<String, String> = emptyMap(),
): Flow<JsonElement> = flow {
    inKotlinNames(kotlinNames) { native { native.pager(operation, params.toString(), options?.toJson()) } }.use { pager ->
        while (true) {
            val page = inKotlinNames(kotlinNames) { cancellable { handle -> pager.nextPage(handle) } } ?: break
            for (item in items(page)) emit(item)
        }
    }
}

internal fun Clerk.pageSequenceBlocking(
    operation: String,
    params: JsonObject,
    options: RequestOptions? = null,
    kotlinNames: Map<String, String> = emptyMap(),
): Sequence<JsonElement> = sequence {
    inKotlinNames(kotlinNames) { native { native.pager(operation, params.toString(), options?.toJson()) } }.use { pager ->
        while (true) {
            val page = inKotlinNames(kotlinNames) { native { pager.nextPageBlocking() } } ?: break
            yieldAll(items(page))
        }
    }
}

/** The body by the core's decoding rule: JSON parsed once here, text as a string, nothing as `JsonNull`. */
private fun Clerk.decodeBody(r: NativeResponse): JsonElement = when (r.kind) {
    BodyKind.JSON -> parseJson(r.status, r.headers, r.body)
    BodyKind.TEXT, BodyKind.OTHER -> JsonPrimitive(r.body.decodeToString())
    BodyKind.EMPTY -> JsonNull
}

private fun Clerk.parseJson(status: UShort, headers: List<com.clerk.backend.ffi.Header>, body: ByteArray): JsonElement =
    try {
        Json.parseToJsonElement(body.decodeToString())
    } catch (e: SerializationException) {
        throw native.decodeError(status, headers, body, e.message ?: "invalid JSON").toPublic()
    }

/** A page's items: the body itself, or its envelope's data field. */
private fun items(page: NativePage): JsonArray {
    val body = Json.parseToJsonElement(page.body.decodeToString())
    val items = page.dataField?.let { (body as JsonObject)[it] } ?: body
    return items as JsonArray
}
