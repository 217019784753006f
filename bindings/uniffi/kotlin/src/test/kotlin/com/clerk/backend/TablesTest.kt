package com.clerk.backend

import java.io.File
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The Kotlin layer's copies of the core's lists, compared with the core's own tables. */
class TablesTest {
    private val tables = Json.parseToJsonElement(com.clerk.backend.ffi.tablesJson()).jsonObject

    @Test
    fun everyErrorCodeHasItsException() {
        val core = (tables["error_codes"] as JsonArray).map { it.jsonObject["code"]!!.jsonPrimitive.content }.toSet()
        val ours = listOf(
            ClerkException.Api("", 0, null, emptyList(), null, emptyList(), null),
            ClerkException.Timeout(""), ClerkException.Connection(""),
            ClerkException.Transport("", "tls_error"), ClerkException.Transport("", "transport_error"),
            ClerkException.Decode("", null, null), ClerkException.InvalidArgument("", null, false),
            ClerkException.Config(""), ClerkException.TokenVerification("", ""),
            ClerkException.MachineTokenVerification("", "", null), ClerkException.AuthConfig("", ""),
            ClerkException.WebhookVerification("", ""), ClerkException.WebhookConfig("", ""),
            ClerkException.Cancelled(""), ClerkException.Internal(""),
        ).map { it.code }.toSet()
        assertEquals(core, ours)
    }

    @Test
    fun theCoreKnowsEveryOperationOfTheIr() {
        val core = (tables["operations"] as JsonArray).map { it.jsonPrimitive.content }.toSet()
        val ir = (readJson(File(REPO_ROOT, "core/src/generated/ir.json")).jsonObject["operations"] as JsonArray)
            .map { it.jsonObject["name"]!!.jsonPrimitive.content }.toSet()
        assertEquals(ir, core)
        assertEquals(250, core.size)
    }
}
