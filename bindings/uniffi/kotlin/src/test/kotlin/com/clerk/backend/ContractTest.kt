package com.clerk.backend

import java.io.File
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.fail

/**
 * Every operation of the IR once through the Kotlin API against Prism (the spec's mock): the
 * current spec's instance at CLERK_CONTRACT_URL, the 2024 one at CLERK_CONTRACT_URL_2024 (the
 * IR's `spec` says which), parameters from the IR's `example`.
 */
class ContractTest {
    private val operations: List<JsonObject> =
        (readJson(File(REPO_ROOT, "core/src/generated/ir.json")).jsonObject["operations"] as JsonArray).map { it.jsonObject }

    private val png = byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + "fake".toByteArray()

    private fun url(env: String): String = System.getenv(env) ?: fail("$env is not set: start Prism (scripts/prism.sh)")

    private fun fileFields(op: JsonObject): List<String> {
        val body = op["body"] as? JsonObject ?: return emptyList()
        val fields = body["fields"] as? JsonArray ?: return emptyList()
        return fields.map { it.jsonObject }
            .filter { (it["type"] as JsonObject)["kind"]?.jsonPrimitive?.content == "file" }
            .map { it["name"]!!.jsonPrimitive.content }
    }

    @Test
    fun everyOperationAgainstPrism() {
        val current = Clerk(ClerkOptions(secretKey = "sk_test_contract", serverUrl = url("CLERK_CONTRACT_URL"), retryConfig = RetryConfig.NONE))
        val legacy = Clerk(ClerkOptions(secretKey = "sk_test_contract", serverUrl = url("CLERK_CONTRACT_URL_2024"), retryConfig = RetryConfig.NONE))
        val failures = mutableListOf<String>()
        var passed = 0
        var onLegacy = 0
        runBlocking {
            for (op in operations) {
                val name = op["name"]!!.jsonPrimitive.content
                val isLegacy = op["spec"]!!.jsonPrimitive.content.startsWith("bapi-2024")
                val params = op["example"] as? JsonObject ?: JsonObject(emptyMap())
                val files = fileFields(op).associateWith { FileUpload.fromBytes(png, "logo.png", "image/png") }
                try {
                    (if (isLegacy) legacy else current).call(name, params, files)
                    passed++
                    if (isLegacy) onLegacy++
                } catch (e: ClerkException) {
                    failures += "$name: ${e.javaClass.simpleName}: ${e.message}"
                }
            }
        }
        current.close()
        legacy.close()
        println("contract: $passed of ${operations.size} operations passed against Prism ($onLegacy on the 2024 instance)")
        assertTrue(failures.isEmpty(), failures.joinToString("\n"))
        assertEquals(250, operations.size)
        assertEquals(operations.size, passed)
        assertTrue(onLegacy >= 1)
    }
}
