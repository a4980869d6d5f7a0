//! A gzip stage written as a generator over an inner generator of byte
//! chunks: the header first, compressed chunks as the compressor emits them,
//! the trailer at the end; and what an early exit of the consumer does.
//!
//! Run it with `cargo run --example gzip_stream`. Lines from the consumer
//! start with `main:`, lines from a generator are indented and name it, and
//! `log:` lines are the cleanups, in the order they ran.
//!
//! The pattern to copy is [`gzip`]: `own!` the inner generator, declared
//! *after* the stage's own `finally!`, so that closing the stage closes the
//! inner generator first (its cleanup may await) and then runs the stage's
//! cleanup. The trailer is produced only when the input has ended: a closed
//! stage never calls `finish`, so a consumer that left early holds a
//! truncated gzip stream, never one that looks complete.
//!
//! `tests/gzip_stream.rs` includes this file to test the same generators.

use std::io::Read;
use std::sync::{Arc, Mutex};

use asyncgen::{AsyncGenerator, async_generator, closing};
use flate2::read::GzDecoder;
use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use futures::StreamExt;

/// The cleanups (and the trailer) as they happen: each entry is printed and
/// kept, so a test can check their order.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<Vec<&'static str>>>);

impl Log {
    fn push(&self, event: &'static str) {
        println!("    log: {event}");
        self.0.lock().unwrap().push(event);
    }

    /// Every entry so far, oldest first.
    pub(crate) fn events(&self) -> Vec<&'static str> {
        self.0.lock().unwrap().clone()
    }
}

/// The input, `chunk_size` bytes at a time. Its cleanup has an async step,
/// standing in for releasing a file or a connection.
#[async_generator(yield = Vec<u8>)]
pub(crate) async fn source(log: Log, data: Vec<u8>, chunk_size: usize) {
    finally! {
        println!("    [source] finally: releasing the input (an async step)...");
        tokio::task::yield_now().await;
        log.push("source closed");
    }
    for chunk in data.chunks(chunk_size) {
        yield_!(chunk.to_vec());
    }
    println!("    [source] end of input");
}

/// Gzip-compresses the chunks of `input`: yields the header, then each
/// non-empty piece of compressed data as the compressor emits it, then the
/// trailer once `input` has ended.
///
/// Closing (or dropping) the stage closes `input` first, then runs the
/// stage's own cleanup; no trailer is produced then.
#[async_generator(yield = Vec<u8>)]
pub(crate) async fn gzip(log: Log, input: impl AsyncGenerator<Item = Vec<u8>, Closed = ()>) {
    let mut encoder = Encoder::new(Compression::default());
    // Declared before `own!`, so this runs after the inner generator's
    // cleanup: on every exit, the source is closed first, then the encoder.
    finally! {
        drop(encoder);
        log.push("encoder closed");
    }
    let mut input = own!(input);

    println!(
        "    [gzip] yield the header ({} bytes)",
        Encoder::HEADER.len()
    );
    yield_!(Encoder::HEADER.to_vec());

    let mut pieces = 0;
    while let Some(chunk) = input.next().await {
        let compressed = encoder.compress(&chunk);
        if !compressed.is_empty() {
            pieces += 1;
            println!(
                "    [gzip] yield compressed piece {pieces}: {} bytes (input so far: {} bytes)",
                compressed.len(),
                encoder.input_len(),
            );
            yield_!(compressed);
        }
    }

    // Reached only when `input` ended: a close or a drop leaves at a yield
    // above, and goes to the cleanups without coming here.
    let (rest, trailer) = encoder.finish();
    if !rest.is_empty() {
        println!(
            "    [gzip] yield the last compressed piece: {} bytes",
            rest.len()
        );
        yield_!(rest);
    }
    println!("    [gzip] yield the trailer (CRC-32 and input size, 8 bytes)");
    log.push("trailer written");
    yield_!(trailer.to_vec());
}

/// The gzip format (RFC 1952) around a raw deflate stream: a fixed header,
/// the deflate data, and a trailer with the CRC-32 and the size of the input.
///
/// Dropping it discards whatever the compressor still buffers.
struct Encoder {
    deflate: Compress,
    crc: Crc,
}

impl Encoder {
    /// Magic, method (deflate), no flags, no modification time, no extra
    /// flags, operating system unknown.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    fn new(level: Compression) -> Self {
        Self {
            deflate: Compress::new(level, false),
            crc: Crc::new(),
        }
    }

    /// Compresses `chunk`; the result is empty while the compressor buffers.
    fn compress(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.crc.update(chunk);
        self.run(chunk, FlushCompress::None)
    }

    fn input_len(&self) -> u64 {
        self.deflate.total_in()
    }

    /// Ends the deflate stream: the data still buffered, and the trailer.
    fn finish(&mut self) -> (Vec<u8>, [u8; 8]) {
        let rest = self.run(&[], FlushCompress::Finish);
        let mut trailer = [0; 8];
        trailer[..4].copy_from_slice(&self.crc.sum().to_le_bytes());
        trailer[4..].copy_from_slice(&self.crc.amount().to_le_bytes());
        (rest, trailer)
    }

    fn run(&mut self, mut input: &[u8], flush: FlushCompress) -> Vec<u8> {
        let mut output = Vec::new();
        loop {
            output.reserve(16 * 1024);
            let before = self.deflate.total_in();
            let status = self
                .deflate
                .compress_vec(input, &mut output, flush)
                .expect("deflating from memory into memory does not fail");
            let consumed = usize::try_from(self.deflate.total_in() - before)
                .expect("no more than the input was consumed");
            input = &input[consumed..];
            let out_of_room = output.len() == output.capacity();
            let done = match flush {
                FlushCompress::Finish => status == Status::StreamEnd,
                _ => input.is_empty() && !out_of_room,
            };
            if done {
                return output;
            }
        }
    }
}

/// Deterministic text that compresses about 3x (words and short hex codes,
/// not one line repeated), so the compressor emits data every so often.
pub(crate) fn sample_text(len: usize) -> Vec<u8> {
    const WORDS: [&str; 16] = [
        "future", "stream", "close", "cleanup", "await", "yield", "gzip", "chunk", "header",
        "trailer", "consumer", "scope", "inner", "outer", "finally", "drop",
    ];
    let mut text = Vec::with_capacity(len + 16);
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut line = 0;
    while text.len() < len {
        line += 1;
        text.extend_from_slice(format!("{line:06}:").as_bytes());
        for _ in 0..8 {
            // xorshift64: a fixed sequence, no dependency.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(b' ');
            text.extend_from_slice(WORDS[(state % 16) as usize].as_bytes());
            text.extend_from_slice(format!("-{:03x}", (state >> 8) & 0xfff).as_bytes());
        }
        text.push(b'\n');
    }
    text.truncate(len);
    text
}

/// Decompresses a complete gzip stream; a truncated one is an error.
pub(crate) fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let input = sample_text(400_000);
    let chunk_size = 4096;

    println!("1. Full run: the header, compressed pieces whenever the compressor");
    println!("   emits some, the trailer at the end; the output decompresses to the");
    println!("   input. `closing` closes the stage when its scope ends: here the");
    println!("   stage has already finished, so that close does nothing.");
    println!(
        "main: the input is {} bytes, read {chunk_size} bytes at a time",
        input.len()
    );
    let log = Log::default();
    let stage = gzip(log.clone(), source(log.clone(), input.clone(), chunk_size));
    let pieces = closing(stage, async |mut stage| {
        let mut pieces = Vec::new();
        while let Some(piece) = stage.next().await {
            pieces.push(piece);
        }
        pieces
    })
    .await;
    let output = pieces.concat();
    let sizes: Vec<usize> = pieces.iter().map(Vec::len).collect();
    println!(
        "main: got {} pieces, {} bytes in all: {sizes:?}",
        pieces.len(),
        output.len()
    );
    let decompressed = gunzip(&output).expect("a complete gzip stream");
    println!(
        "main: it decompresses to {} bytes, equal to the input: {}",
        decompressed.len(),
        decompressed == input
    );
    println!("main: the log, in order: {:?}", log.events());
    println!();

    println!("2. Early exit: the consumer takes the header and one compressed piece,");
    println!("   then leaves `closing`'s scope. Closing the stage closes its source");
    println!("   first (awaiting its async cleanup), then runs the encoder's finally!;");
    println!("   the trailer is never produced.");
    let log = Log::default();
    let stage = gzip(log.clone(), source(log.clone(), input.clone(), chunk_size));
    let received = closing(stage, async |mut stage| {
        let mut received = Vec::new();
        for what in ["the header", "a compressed piece"] {
            let Some(piece) = stage.next().await else {
                break;
            };
            println!("main: got {what} ({} bytes)", piece.len());
            received.extend(piece);
        }
        println!("main: leaving the scope");
        received
    })
    .await;
    println!(
        "main: `closing` returned; cleanups, in order: {:?}",
        log.events()
    );
    match gunzip(&received) {
        Ok(data) => println!("main: unexpected: {} bytes decompressed", data.len()),
        Err(error) => println!(
            "main: the {} bytes received are a truncated gzip stream: {error} ({:?})",
            received.len(),
            error.kind()
        ),
    }
}
