//! The gzip stage of `examples/gzip_stream.rs`: a full run round-trips, an
//! early exit closes the source before the encoder and delivers no trailer,
//! and closing after a full run does nothing more.

#[allow(
    dead_code,
    reason = "the example's `main` is not used here; the tests use its generators and helpers"
)]
#[path = "../examples/gzip_stream.rs"]
mod example;

use std::io::ErrorKind;
use std::pin::pin;

use asyncgen::{AsyncGenerator, closing};
use example::{Log, gunzip, gzip, sample_text, source};
use futures::StreamExt;

const INPUT_LEN: usize = 300_000;
const CHUNK_SIZE: usize = 1024;

/// Every piece of a full run, in order.
async fn full_run(input: &[u8]) -> (Vec<Vec<u8>>, Log) {
    let log = Log::default();
    let stage = gzip(log.clone(), source(log.clone(), input.to_vec(), CHUNK_SIZE));
    let pieces = closing(stage, async |mut stage| {
        let mut pieces = Vec::new();
        while let Some(piece) = stage.next().await {
            pieces.push(piece);
        }
        pieces
    })
    .await;
    (pieces, log)
}

/// The gzip trailer for `input`: CRC-32, then the size, little-endian.
fn trailer_of(input: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(input);
    [crc.sum().to_le_bytes(), crc.amount().to_le_bytes()].concat()
}

#[tokio::test]
async fn a_full_run_round_trips() {
    let input = sample_text(INPUT_LEN);
    let (pieces, log) = full_run(&input).await;

    assert_eq!(
        pieces[0],
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff],
        "header first"
    );
    assert_eq!(pieces.last().unwrap(), &trailer_of(&input), "trailer last");
    assert!(
        pieces.len() >= 4,
        "header, at least two compressed pieces, trailer: {} pieces",
        pieces.len()
    );
    assert!(
        pieces.iter().all(|piece| !piece.is_empty()),
        "no empty piece"
    );
    assert_eq!(gunzip(&pieces.concat()).unwrap(), input);
    assert_eq!(
        log.events(),
        ["source closed", "trailer written", "encoder closed"]
    );
}

#[tokio::test]
async fn an_early_exit_closes_the_source_then_the_encoder_and_delivers_no_trailer() {
    let input = sample_text(INPUT_LEN);
    let full = full_run(&input).await.0.concat();

    let log = Log::default();
    let stage = gzip(log.clone(), source(log.clone(), input.clone(), CHUNK_SIZE));
    let received = closing(stage, async |mut stage| {
        let header = stage.next().await.unwrap();
        let compressed = stage.next().await.unwrap();
        assert!(
            log.events().is_empty(),
            "nothing is closed inside the scope"
        );
        [header, compressed].concat()
    })
    .await;

    assert_eq!(log.events(), ["source closed", "encoder closed"]);
    // The output is deterministic: what arrived is a prefix of a full run's
    // output, and no byte of the 8-byte trailer is in it.
    assert_eq!(received, full[..received.len()]);
    assert!(received.len() <= full.len() - 8, "no byte of the trailer");
    let error = gunzip(&received).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::UnexpectedEof, "{error}");
}

#[tokio::test]
async fn dropping_the_stage_early_runs_the_same_cleanups_in_the_same_order() {
    let input = sample_text(INPUT_LEN);
    let log = Log::default();
    {
        let mut stage = pin!(gzip(log.clone(), source(log.clone(), input, CHUNK_SIZE)));
        assert_eq!(stage.next().await.unwrap().len(), 10);
        assert!(!stage.next().await.unwrap().is_empty());
    }
    assert_eq!(log.events(), ["source closed", "encoder closed"]);
}

#[tokio::test]
async fn closing_after_a_full_run_does_nothing_more() {
    let input = sample_text(INPUT_LEN);
    let log = Log::default();
    let mut stage = pin!(gzip(log.clone(), source(log.clone(), input, CHUNK_SIZE)));
    let mut pieces = 0;
    while stage.next().await.is_some() {
        pieces += 1;
    }
    assert!(pieces >= 4);
    let after_the_run = log.events();
    assert_eq!(
        after_the_run,
        ["source closed", "trailer written", "encoder closed"]
    );
    assert!(stage.is_finished());

    stage.as_mut().close().await;
    stage.as_mut().close().await;
    assert_eq!(log.events(), after_the_run);
    assert_eq!(stage.next().await, None);
}
