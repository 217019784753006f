// Kept out of the shipped library's build: the "cli" feature pulls in the generators.
fn main() {
    uniffi::uniffi_bindgen_main()
}
