package com.clerk.backend.generated

import com.clerk.backend.Clerk
import com.clerk.backend.ClerkException
import com.clerk.backend.ClerkOptions
import com.clerk.backend.RetryConfig
import com.clerk.backend.generated.models.CreateBulkInvitationsBodyItem
import com.clerk.backend.generated.models.InvitationStatus
import com.sun.net.httpserver.HttpServer
import java.net.InetSocketAddress
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** One request as the local server received it. */
private class Sent(val method: String, val path: String, val query: String?, val text: String)

/** A local HTTP server answering every request with [body] (JSON), recording what it received. */
private class OneAnswerServer(body: String) : AutoCloseable {
    val requests = CopyOnWriteArrayList<Sent>()
    private val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
        createContext("/") { ex ->
            ex.use {
                requests += Sent(ex.requestMethod, ex.requestURI.path, ex.requestURI.rawQuery, ex.requestBody.readBytes().decodeToString())
                val bytes = body.toByteArray()
                ex.responseHeaders.add("content-type", "application/json")
                ex.sendResponseHeaders(200, bytes.size.toLong())
                ex.responseBody.write(bytes)
            }
        }
        start()
    }

    fun client() = Clerk(ClerkOptions(secretKey = "sk_test_typed_wire", serverUrl = "http://127.0.0.1:${server.address.port}", retryConfig = RetryConfig.NONE))

    override fun close() = server.stop(0)
}

/** Typed methods over the real native library against a local server: what goes on the wire, what comes back. */
class TypedWireTest {
    private val invitation = """{"object": "invitation", "id": "inv_1", "email_address": "a@example.com",
        "public_metadata": {}, "status": "on_hold", "created_at": 1, "updated_at": 2, "brand_new_field": [1]}"""

    @Test
    fun `explicit nulls and values reach the body with wire names`() {
        OneAnswerServer("""{"id": "user_1", "object": "user"}""").use { server ->
            server.client().use { clerk ->
                val user = runBlocking {
                    clerk.users.update(userId = "user_1", lastName = "Lovelace", explicitNulls = setOf("firstName"))
                }
                assertEquals("user_1", user.id)
                val sent = server.requests.single()
                assertEquals("PATCH", sent.method)
                assertEquals("/users/user_1", sent.path)
                val body = Json.parseToJsonElement(sent.text).jsonObject
                assertEquals(mapOf("first_name" to JsonNull, "last_name" to JsonPrimitive("Lovelace")), body)
            }
        }
    }

    @Test
    fun `enum and list parameters go to the query, unknown values come back as Unknown`() {
        OneAnswerServer("[$invitation]").use { server ->
            server.client().use { clerk ->
                val list = clerk.invitations.listBlocking(status = InvitationStatus.Pending, limit = 5)
                assertEquals("status=pending&limit=5", server.requests.single().query)
                val status = list.single().status
                assertTrue(status is InvitationStatus.Unknown, "got $status")
                assertEquals("on_hold", status.value)
                assertEquals(Json.parseToJsonElement("[1]"), list.single().json["brand_new_field"])
            }
        }
    }

    @Test
    fun `query parameters go by wire name, unset ones are left out`() {
        OneAnswerServer("[]").use { server ->
            server.client().use { clerk ->
                val users = clerk.users.listBlocking(emailAddress = listOf("a@example.com", "b@example.com"), banned = true,
                    lastActiveAtSince = 1700000000000, orderBy = "-created_at")
                assertEquals(emptyList<Any>(), users)
                val query = server.requests.single().query!!.split("&").map { java.net.URLDecoder.decode(it, "UTF-8") }
                assertEquals(listOf("email_address=a@example.com", "email_address=b@example.com", "banned=true",
                    "last_active_at_since=1700000000000", "order_by=-created_at").sorted(), query.sorted())
            }
        }
    }

    @Test
    fun `a bad explicitNulls name is refused before anything is sent`() {
        OneAnswerServer("{}").use { server ->
            server.client().use { clerk ->
                val unknown = assertThrows<ClerkException.InvalidArgument> {
                    clerk.users.updateBlocking(userId = "user_1", explicitNulls = setOf("userName"))
                }
                assertEquals("explicitNulls", unknown.parameter)
                assertTrue(unknown.message!!.contains("userName"), unknown.message)
                assertThrows<ClerkException.InvalidArgument> {
                    clerk.users.updateBlocking(userId = "user_1", firstName = "Ann", explicitNulls = setOf("firstName"))
                }
                assertEquals(0, server.requests.size)
            }
        }
    }

    @Test
    fun `an array body is sent whole and a response of the wrong shape is a Decode error`() {
        OneAnswerServer("""{"not": "an array"}""").use { server ->
            server.client().use { clerk ->
                val e = assertThrows<ClerkException.Decode> {
                    clerk.invitations.bulkCreateBlocking(body = listOf(CreateBulkInvitationsBodyItem.of(emailAddress = "a@example.com", notify = false)))
                }
                assertEquals("invitations.bulk_create response: expected an array, found an object", e.message)
                assertEquals(Json.parseToJsonElement("""[{"email_address": "a@example.com", "notify": false}]"""),
                    Json.parseToJsonElement(server.requests.single().text))
            }
        }
    }
}
