// The runtime the generated models and resources share: JSON values, decoding that
// names the field it fails on, the parameter builder, and the transport the
// hand-written `Clerk` provides.
//
// Numbers: an `integer` field reads as Int64 (timestamps included); a JSON number
// that is not an Int64 is kept as Decimal in `json` and fails only that field's
// decoding. A `number` field reads as Decimal.
import Foundation

/// Any JSON value as the API sent it.
public enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Decimal)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? c.decode(Decimal.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses JSON text (a response body).
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The value as JSON text (a parameter object).
    public func text() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}

/// A JSON object: what every model keeps and every operation's parameters are.
public typealias JSONObject = [String: JSONValue]

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(Decimal(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// A value that can be sent as a parameter.
public protocol JSONEncodable {
    var jsonValue: JSONValue { get }
}

extension JSONValue: JSONEncodable { public var jsonValue: JSONValue { self } }
extension String: JSONEncodable { public var jsonValue: JSONValue { .string(self) } }
extension Int64: JSONEncodable { public var jsonValue: JSONValue { .integer(self) } }
extension Bool: JSONEncodable { public var jsonValue: JSONValue { .bool(self) } }
extension Decimal: JSONEncodable { public var jsonValue: JSONValue { .number(self) } }
extension Array: JSONEncodable where Element: JSONEncodable {
    public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}
extension Dictionary: JSONEncodable where Key == String, Value: JSONEncodable {
    public var jsonValue: JSONValue { .object(mapValues(\.jsonValue)) }
}
// For arrays whose items may be null (`[String?]`).
extension Optional: JSONEncodable where Wrapped: JSONEncodable {
    public var jsonValue: JSONValue { map(\.jsonValue) ?? .null }
}

/// A generated model: decoded from one JSON object, which it keeps whole (unknown fields included).
public protocol ClerkModel: Hashable, Sendable, Codable, JSONEncodable {
    /// The object exactly as the API sent it.
    var json: JSONObject { get }
    /// Decodes the typed fields; throws UnexpectedJSONError naming a required field that is missing or mistyped.
    init(json: JSONObject) throws
}

extension ClerkModel {
    public var jsonValue: JSONValue { .object(json) }
}

/// A generated enum: every spec value as a case, and `unknown` carrying any other string.
public protocol ClerkEnum: RawRepresentable, Hashable, Sendable, Codable, JSONEncodable where RawValue == String {
    init(rawValue: String)
}

extension ClerkEnum {
    public var jsonValue: JSONValue { .string(rawValue) }
}

/// The API sent a value of another JSON type than the spec declares (or left out a required one).
/// The value itself is not in the message: API data may hold secrets.
public struct UnexpectedJSONError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A parameter the caller gave that the operation cannot take (an unknown name in `explicitNulls`).
public struct ParameterError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// What the generated resources call. The hand-written `Clerk` implements it over UniFFI's
/// `NativeClient` (`call` and `pager`): it sends the parameter object (wire names), parses the
/// body (`.null` for an empty one, `.string` for text) and throws the binding's errors.
public protocol ClerkTransport: Sendable {
    func invokeJSON(operation: String, params: JSONObject, files: [String: FileUpload], options: RequestOptions?) async throws -> JSONValue
    /// Every item of every page of a list operation, fetched as the sequence is iterated.
    func pageItems(operation: String, params: JSONObject, options: RequestOptions?) -> AsyncThrowingStream<JSONValue, Error>
}

/// Every item of every page of a list operation, typed.
public typealias Items<T> = AsyncThrowingMapSequence<AsyncThrowingStream<JSONValue, Error>, T>

enum Decode {
    static func string(_ v: JSONValue) throws -> String {
        if case .string(let s) = v { return s }
        throw mismatch("a string", v)
    }

    static func long(_ v: JSONValue) throws -> Int64 {
        if case .integer(let i) = v { return i }
        throw mismatch("an integer within Int64", v)
    }

    static func number(_ v: JSONValue) throws -> Decimal {
        switch v {
        case .integer(let i): return Decimal(i)
        case .number(let d): return d
        default: throw mismatch("a number", v)
        }
    }

    static func boolean(_ v: JSONValue) throws -> Bool {
        if case .bool(let b) = v { return b }
        throw mismatch("a boolean", v)
    }

    static func anyJSON(_ v: JSONValue) throws -> JSONValue { v }

    static func object(_ v: JSONValue) throws -> JSONObject {
        if case .object(let o) = v { return o }
        throw mismatch("an object", v)
    }

    static func unit(_ v: JSONValue) throws {}

    static func list<T>(_ item: @escaping (JSONValue) throws -> T) -> (JSONValue) throws -> [T] {
        { v in
            guard case .array(let a) = v else { throw mismatch("an array", v) }
            return try a.map(item)
        }
    }

    static func map<T>(_ value: @escaping (JSONValue) throws -> T) -> (JSONValue) throws -> [String: T] {
        { v in try object(v).mapValues(value) }
    }

    static func nullable<T>(_ inner: @escaping (JSONValue) throws -> T) -> (JSONValue) throws -> T? {
        { v in
            if case .null = v { return nil }
            return try inner(v)
        }
    }

    static func model<T>(_ make: @escaping (JSONObject) throws -> T) -> (JSONValue) throws -> T {
        { v in try make(object(v)) }
    }

    static func enumeration<T: ClerkEnum>(_ type: T.Type) -> (JSONValue) throws -> T {
        { v in T(rawValue: try string(v)) }
    }

    static func mismatch(_ expected: String, _ v: JSONValue) -> UnexpectedJSONError {
        let found: String
        switch v {
        case .null: found = "null"
        case .bool: found = "a boolean"
        case .integer, .number: found = "a number"
        case .string: found = "a string"
        case .array: found = "an array"
        case .object: found = "an object"
        }
        return UnexpectedJSONError(message: "expected \(expected), found \(found)")
    }
}

extension Dictionary where Key == String, Value == JSONValue {
    func required<T>(_ owner: String, _ key: String, _ decode: (JSONValue) throws -> T) throws -> T {
        guard let value = self[key] else { throw UnexpectedJSONError(message: "\(owner).\(key): missing from the response") }
        return try field(owner, key, value, decode)
    }

    func optional<T>(_ owner: String, _ key: String, _ decode: (JSONValue) throws -> T) throws -> T? {
        guard let value = self[key], value != .null else { return nil }
        return try field(owner, key, value, decode)
    }

    private func field<T>(_ owner: String, _ key: String, _ value: JSONValue, _ decode: (JSONValue) throws -> T) throws -> T {
        do {
            return try decode(value)
        } catch let e as UnexpectedJSONError {
            throw UnexpectedJSONError(message: "\(owner).\(key): \(e.message)")
        }
    }

    /// A union member's discriminator value, or nil.
    func tag(_ key: String) -> String? {
        if case .string(let s)? = self[key] { return s }
        return nil
    }

    /// True when every key is present (non-null) and every constant matches: how untagged unions pick a variant.
    func fits(_ keys: Set<String>, _ constants: JSONObject = [:]) -> Bool {
        keys.allSatisfy { self[$0] != nil && self[$0] != .null } && constants.allSatisfy { self[$0.key] == $0.value }
    }
}

/// Decodes a whole response (or page item) of `operation`, naming it when the JSON does not fit.
func decodeResponse<T>(_ operation: String, _ value: JSONValue, _ decode: (JSONValue) throws -> T) throws -> T {
    do {
        return try decode(value)
    } catch let e as UnexpectedJSONError {
        throw UnexpectedJSONError(message: "\(operation) response: \(e.message)")
    }
}

/// Builds an operation's parameter object with the wire names (docs/DESIGN.md, the parameter convention).
struct Params {
    private var entries: JSONObject = [:]
    private var nullableNames: Set<String> = []
    private let explicitNulls: Set<String>

    init(explicitNulls: Set<String> = []) {
        self.explicitNulls = explicitNulls
    }

    /// A required parameter: sent as given (null only where the spec allows it).
    mutating func required(_ wire: String, _ value: (any JSONEncodable)?) {
        entries[wire] = value?.jsonValue ?? .null
    }

    /// An optional parameter: left out when nil.
    mutating func optional(_ wire: String, _ value: (any JSONEncodable)?) {
        if let value { entries[wire] = value.jsonValue }
    }

    /// An optional field the spec lets be null: left out, sent, or sent as null when named in explicitNulls.
    mutating func nullable(_ name: String, _ wire: String, _ value: (any JSONEncodable)?) throws {
        nullableNames.insert(name)
        if let value {
            if explicitNulls.contains(name) { throw ParameterError(message: "\(name) is given a value and also named in explicitNulls") }
            entries[wire] = value.jsonValue
        } else if explicitNulls.contains(name) {
            entries[wire] = .null
        }
    }

    func build() throws -> JSONObject {
        let unknown = explicitNulls.subtracting(nullableNames)
        if !unknown.isEmpty {
            throw ParameterError(message: "explicitNulls names \(unknown.sorted()), which this operation cannot set to null")
        }
        return entries
    }
}

/// Multipart file fields by wire name, the unset ones left out.
func files(_ entries: (String, FileUpload?)...) -> [String: FileUpload] {
    var out: [String: FileUpload] = [:]
    for (key, file) in entries { if let file { out[key] = file } }
    return out
}
