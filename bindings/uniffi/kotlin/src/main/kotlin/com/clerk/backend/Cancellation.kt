package com.clerk.backend

import com.clerk.backend.ffi.CancelHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.Job
import kotlin.coroutines.coroutineContext

/**
 * Runs a native suspend call with a [CancelHandle] that the coroutine's cancellation fires:
 * the core aborts the task, which drops the request and closes its connection. (UniFFI
 * itself only frees the Rust future when the coroutine is cancelled; the handle makes the
 * abort explicit and immediate.) Errors come out as [ClerkException].
 */
@OptIn(InternalCoroutinesApi::class)
internal suspend inline fun <T> cancellable(crossinline call: suspend (CancelHandle) -> T): T {
    val handle = CancelHandle()
    val registration = coroutineContext[Job]?.invokeOnCompletion(onCancelling = true, invokeImmediately = true) { cause ->
        // It may race with the close below: a cancel on a closed handle has nothing left to abort.
        if (cause != null) runCatching { handle.cancel() }
    }
    try {
        return native { call(handle) }
    } finally {
        registration?.dispose()
        handle.close()
    }
}
