//! Text taken from a token (or another untrusted input) into a message:
//! messages end up in logs and in the `x-clerk-auth-message` response
//! header, where a CR/LF could forge a log line or a header and a bidi
//! control could disguise the text.

/// `s` without control and bidi-formatting characters, cut to `max_chars`.
pub(crate) fn for_message(s: &str, max_chars: usize) -> String {
    s.chars().filter(|c| !is_unsafe(*c)).take(max_chars).collect()
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::for_message;

    #[test]
    fn strips_controls_and_bidi_and_bounds() {
        assert_eq!(for_message("ab\r\nSet-Cookie: x\u{0}\u{7f}\u{202e}c", 100), "abSet-Cookie: xc");
        assert_eq!(for_message("ééé", 2), "éé");
        assert_eq!(for_message("\u{85}x", 5), "x");
    }
}
