//! A file given by path is streamed, not read into memory: a 48 MB upload
//! arrives whole and byte-exact at a local server while the peak of heap
//! memory in use grows by far less than the file. A binary of its own (with a
//! counting allocator), so no other test's allocations move the peak.
#![allow(clippy::unwrap_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use clerk_backend::{CallInput, Client, ClientOptions, FileUpload};
use serde_json::json;

const FILE_SIZE: usize = 48 * 1024 * 1024;
const CHUNK: usize = 1024 * 1024;

fn pattern(i: usize) -> u8 {
    (i.wrapping_mul(7) ^ (i >> 12)) as u8
}

/// The system allocator, counting bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
            PEAK.fetch_max(now, Ordering::SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::SeqCst);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts a new peak measurement; returns the bytes in use now.
fn reset_peak() -> usize {
    let now = IN_USE.load(Ordering::SeqCst);
    PEAK.store(now, Ordering::SeqCst);
    now
}

/// What the server saw of the one multipart request.
#[derive(Debug, Default, Clone)]
struct Seen {
    content_length: usize,
    body_len: usize,
    part_head: String,
    file_bytes_match: bool,
}

/// Reads a request head, then the body chunk by chunk, checking the file
/// part against [`pattern`] without keeping it.
fn serve_one(mut stream: TcpStream, seen: &Mutex<Option<Seen>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let content_length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().unwrap())
        .expect("a streamed file of known size is sent with a content-length");
    let mut prefix = Vec::new();
    let mut file_start = None;
    let mut matches = true;
    let mut pos = 0;
    let mut buf = vec![0u8; 64 * 1024];
    while pos < content_length {
        let n = stream.read(&mut buf[..(content_length - pos).min(64 * 1024)]).unwrap();
        assert!(n > 0, "body ended early at {pos}");
        for (k, b) in buf[..n].iter().enumerate() {
            let at = pos + k;
            match file_start {
                None => {
                    prefix.push(*b);
                    if prefix.ends_with(b"\r\n\r\n") {
                        file_start = Some(at + 1);
                    }
                }
                Some(start) if at < start + FILE_SIZE => matches &= *b == pattern(at - start),
                Some(_) => {}
            }
        }
        pos += n;
    }
    *seen.lock().unwrap() = Some(Seen {
        content_length,
        body_len: pos,
        part_head: String::from_utf8_lossy(&prefix).into_owned(),
        file_bytes_match: matches && file_start.is_some_and(|s| s + FILE_SIZE <= content_length),
    });
    let body = r#"{"id":"user_1","object":"user"}"#;
    let reply =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
    stream.write_all(reply.as_bytes()).unwrap();
}

#[test]
fn a_large_file_path_upload_is_streamed() {
    let dir = std::env::temp_dir().join(format!("clerk-backend-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.png");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut chunk = vec![0u8; CHUNK];
        for c in 0..FILE_SIZE / CHUNK {
            for (k, b) in chunk.iter_mut().enumerate() {
                *b = pattern(c * CHUNK + k);
            }
            file.write_all(&chunk).unwrap();
        }
    }

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Option<Seen>>> = Arc::default();
    let server_seen = seen.clone();
    let server = std::thread::spawn(move || serve_one(listener.accept().unwrap().0, &server_seen));

    let client = Client::new(ClientOptions {
        secret_key: Some("sk_test_k".into()),
        server_url: Some(url),
        ..Default::default()
    })
    .unwrap()
    .blocking();
    // Warm up the runtime and the client before measuring.
    let _ = client.call("users.get", json!({"user_id": ""}));
    let before = reset_peak();
    let input = CallInput::json(json!({"user_id": "user_1"}))
        .with_file("file", FileUpload::from_path(&path).with_content_type("image/png"));
    let user = client.call_with("users.set_profile_image", input, &Default::default()).unwrap();
    let grown = PEAK.load(Ordering::SeqCst).saturating_sub(before);
    server.join().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    assert_eq!(user["id"], "user_1");
    let seen = seen.lock().unwrap().clone().unwrap();
    assert_eq!(seen.body_len, seen.content_length);
    assert!(seen.part_head.contains(r#"name="file"; filename="big.png""#), "{}", seen.part_head);
    assert!(seen.part_head.to_ascii_lowercase().contains("content-type: image/png"), "{}", seen.part_head);
    assert!(seen.file_bytes_match, "the server received the file byte for byte");
    assert!(seen.content_length > FILE_SIZE && seen.content_length < FILE_SIZE + 1024);
    assert!(grown < FILE_SIZE / 3, "peak heap use grew by {grown} bytes for a {FILE_SIZE}-byte upload");
}
