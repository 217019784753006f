// swift-tools-version:5.9
// The Swift package of the UniFFI binding. NOT built or tested in this repository (no Swift
// compiler on its machines): scripts/build.sh only checks that UniFFI's generated Swift, header and
// modulemap match the committed copies and that the header compiles as C.
//
// Before `swift build`, build the native library for your platform and point the linker at it:
//   cargo build --release -p clerk-backend-uniffi
//   swift build -Xlinker -L../../../target/release
import PackageDescription

let package = Package(
    name: "ClerkBackend",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "ClerkBackend", targets: ["ClerkBackend"]),
    ],
    targets: [
        // The C declarations of the native library (UniFFI's header and modulemap).
        .systemLibrary(name: "clerk_backend_uniffiFFI", path: "Sources/clerk_backend_uniffiFFI/include"),
        // UniFFI's generated Swift layer.
        .target(
            name: "ClerkBackendFFI",
            dependencies: ["clerk_backend_uniffiFFI"],
            path: "Sources/ClerkBackendFFI",
            linkerSettings: [.linkedLibrary("clerk_backend_uniffi")]
        ),
        // The hand-written layer (Clerk.swift) and the typed API generated from the IR (Generated/).
        .target(name: "ClerkBackend", dependencies: ["ClerkBackendFFI"], path: "Sources/ClerkBackend"),
    ]
)
