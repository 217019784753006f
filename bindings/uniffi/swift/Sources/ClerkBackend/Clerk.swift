// The hand-written Swift layer over UniFFI's `ClerkBackendFFI` (the same native calls the
// Kotlin layer makes). NOT compiled or tested in this repository: there is no Swift compiler
// on its machines (see bindings/uniffi/README.md).
import Foundation
@_exported import ClerkBackendFFI

/// Retries of failed requests; unset fields take the core's defaults.
public struct RetryConfig: Sendable {
    public var strategy: String
    public var initialIntervalMs: Int64?
    public var maxIntervalMs: Int64?
    public var exponent: Double?
    public var maxElapsedTimeMs: Int64?
    public var retryConnectionErrors: Bool?
    public var maxAttempts: Int?

    public init(strategy: String = "backoff", initialIntervalMs: Int64? = nil, maxIntervalMs: Int64? = nil,
                exponent: Double? = nil, maxElapsedTimeMs: Int64? = nil, retryConnectionErrors: Bool? = nil,
                maxAttempts: Int? = nil) {
        self.strategy = strategy
        self.initialIntervalMs = initialIntervalMs
        self.maxIntervalMs = maxIntervalMs
        self.exponent = exponent
        self.maxElapsedTimeMs = maxElapsedTimeMs
        self.retryConnectionErrors = retryConnectionErrors
        self.maxAttempts = maxAttempts
    }

    public static let none = RetryConfig(strategy: "none")

    /// The retry object as camelCase JSON (the core's `Spelling` renames it and its `backoff`).
    var json: JSONValue {
        var backoff: JSONObject = [:]
        if let v = initialIntervalMs { backoff["initialIntervalMs"] = .integer(v) }
        if let v = maxIntervalMs { backoff["maxIntervalMs"] = .integer(v) }
        if let v = exponent { backoff["exponent"] = .number(Decimal(v)) }
        if let v = maxElapsedTimeMs { backoff["maxElapsedTimeMs"] = .integer(v) }
        var o: JSONObject = ["strategy": .string(strategy)]
        if !backoff.isEmpty { o["backoff"] = .object(backoff) }
        if let v = retryConnectionErrors { o["retryConnectionErrors"] = .bool(v) }
        if let v = maxAttempts { o["maxAttempts"] = .integer(Int64(v)) }
        return .object(o)
    }
}

/// Client options; `secretKey` defaults to `CLERK_SECRET_KEY` (read by the core).
public struct ClerkOptions: Sendable, CustomStringConvertible {
    public var secretKey: String?
    public var serverUrl: String?
    public var timeoutMs: Int64?
    public var retryConfig: RetryConfig?
    public var headers: [String: String]

    public init(secretKey: String? = nil, serverUrl: String? = nil, timeoutMs: Int64? = nil,
                retryConfig: RetryConfig? = nil, headers: [String: String] = [:]) {
        self.secretKey = secretKey
        self.serverUrl = serverUrl
        self.timeoutMs = timeoutMs
        self.retryConfig = retryConfig
        self.headers = headers
    }

    public var description: String {
        "ClerkOptions(secretKey: \(secretKey == nil ? "nil" : "[REDACTED]"), serverUrl: \(serverUrl ?? "nil"))"
    }

    func text() throws -> String {
        var o: JSONObject = ["userAgentSuffix": .string("swift")]
        if let v = secretKey { o["secretKey"] = .string(v) }
        if let v = serverUrl { o["serverUrl"] = .string(v) }
        if let v = timeoutMs { o["timeoutMs"] = .integer(v) }
        if let v = retryConfig { o["retryConfig"] = v.json }
        if !headers.isEmpty { o["headers"] = .object(headers.mapValues { .string($0) }) }
        return try JSONValue.object(o).text()
    }
}

/// Per-call options; unset fields keep the client's.
public struct RequestOptions: Sendable {
    public var timeoutMs: Int64?
    public var retryConfig: RetryConfig?
    public var headers: [String: String]
    public var serverUrl: String?

    public init(timeoutMs: Int64? = nil, retryConfig: RetryConfig? = nil, headers: [String: String] = [:],
                serverUrl: String? = nil) {
        self.timeoutMs = timeoutMs
        self.retryConfig = retryConfig
        self.headers = headers
        self.serverUrl = serverUrl
    }

    func text() throws -> String {
        var o: JSONObject = [:]
        if let v = timeoutMs { o["timeoutMs"] = .integer(v) }
        if let v = retryConfig { o["retryConfig"] = v.json }
        if !headers.isEmpty { o["headers"] = .object(headers.mapValues { .string($0) }) }
        if let v = serverUrl { o["serverUrl"] = .string(v) }
        return try JSONValue.object(o).text()
    }
}

/// A file for a multipart operation: bytes in memory, or a path read when the request is sent.
public struct FileUpload: @unchecked Sendable {  // NativeFileSource holds only Data or a String
    let source: NativeFileSource
    public let fileName: String?
    public let contentType: String?

    public static func bytes(_ data: Data, fileName: String, contentType: String? = nil) -> FileUpload {
        FileUpload(source: .bytes(data: data), fileName: fileName, contentType: contentType)
    }

    public static func path(_ path: String, fileName: String? = nil, contentType: String? = nil) -> FileUpload {
        FileUpload(source: .path(path: path), fileName: fileName, contentType: contentType)
    }

    func native(field: String) -> NativeFile {
        NativeFile(field: field, source: source, fileName: fileName, contentType: contentType)
    }
}

extension ClerkError {
    /// The core's message (redacted: never a secret).
    public var message: String {
        switch self {
        case .Api(let msg, _, _, _, _, _, _): return msg
        case .Timeout(let msg), .Connection(let msg), .Config(let msg), .Cancelled(let msg), .Internal(let msg): return msg
        case .Transport(let msg, _): return msg
        case .Decode(let msg, _, _): return msg
        case .InvalidArgument(let msg, _, _): return msg
        case .TokenVerification(let msg, _), .AuthConfig(let msg, _), .WebhookVerification(let msg, _),
             .WebhookConfig(let msg, _): return msg
        case .MachineTokenVerification(let msg, _, _): return msg
        }
    }
}

/// Runs a native async call with a cancel handle that Swift task cancellation fires.
func cancellable<T>(_ call: (CancelHandle) async throws -> T) async throws -> T {
    let handle = CancelHandle()
    return try await withTaskCancellationHandler {
        try await call(handle)
    } onCancel: {
        handle.cancel()
    }
}

/// The Clerk Backend API client: `try await clerk.users.list(limit: 10)`.
public final class Clerk: ClerkTransport, @unchecked Sendable {
    let native: NativeClient

    public init(_ options: ClerkOptions = ClerkOptions()) throws {
        native = try NativeClient(optionsJson: try options.text())
    }

    /// Any operation by its dotted name, with wire-named parameters.
    public func call(_ operation: String, params: JSONObject = [:], files: [String: FileUpload] = [:],
                     options: RequestOptions? = nil) async throws -> JSONValue {
        try await invokeJSON(operation: operation, params: params, files: files, options: options)
    }

    public func invokeJSON(operation: String, params: JSONObject, files: [String: FileUpload],
                           options: RequestOptions?) async throws -> JSONValue {
        let paramsText = try JSONValue.object(params).text()
        let optionsText = try options?.text()
        let nativeFiles = files.map { $0.value.native(field: $0.key) }
        let response = try await cancellable { handle in
            try await native.call(operation: operation, paramsJson: paramsText, files: nativeFiles,
                                  optionsJson: optionsText, cancel: handle)
        }
        switch response.kind {
        case .json:
            do {
                return try JSONValue.parse(response.body)
            } catch {
                throw native.decodeError(status: response.status, headers: response.headers, body: response.body,
                                         message: "\(error)")
            }
        case .text, .other: return .string(String(decoding: response.body, as: UTF8.self))
        case .empty: return .null
        }
    }

    public func pageItems(operation: String, params: JSONObject,
                          options: RequestOptions?) -> AsyncThrowingStream<JSONValue, Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let pager = try native.pager(operation: operation, paramsJson: try JSONValue.object(params).text(),
                                                 optionsJson: try options?.text())
                    while let page = try await cancellable({ try await pager.nextPage(cancel: $0) }) {
                        var items = try JSONValue.parse(page.body)
                        if let field = page.dataField, case .object(let envelope) = items {
                            items = envelope[field] ?? .array([])
                        }
                        if case .array(let list) = items {
                            for item in list { continuation.yield(item) }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
