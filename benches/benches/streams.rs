//! Criterion's view of the contenders: time to drain a stream of
//! [`ITEMS`] items (with the stream inlined into the consumer, and with each
//! `poll_next` a call), time to create one, take its first item and drop it,
//! the close-awareness variants, the 64-byte-local variants, the channel
//! variants (`+mpsc`, see `asyncgen_benches::mpsc`), and fan-in
//! (`#[acmgr]` + `TaskGroup` against `JoinSet` + `mpsc`, see
//! `asyncgen_benches::fan_in`).
//!
//! On a noisy machine prefer the `interleaved` bench, which times every
//! contender in every round and reports ratios within rounds.

use std::hint::black_box;
use std::time::Duration;

use asyncgen_benches::fan_in::{self, Runtimes, Shape};
use asyncgen_benches::{Contender, Group, group};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

/// Items per drained stream.
const ITEMS: u64 = 10_000;

/// Adds one benchmark per contender to `bench`, running `run` with it.
fn each<'a>(
    bench: &mut BenchmarkGroup<'_, WallTime>,
    contenders: impl Iterator<Item = &'a Contender>,
    run: fn(&Contender) -> Option<u64>,
) {
    for contender in contenders {
        bench.bench_function(contender.name, |b| b.iter(|| black_box(run(contender))));
    }
}

/// The headline: the reference workload, drained.
fn workload(c: &mut Criterion) {
    let mut bench = c.benchmark_group("workload");
    bench.throughput(Throughput::Elements(ITEMS));
    each(&mut bench, group(Group::Workload), |c| {
        Some((c.sum)(black_box(ITEMS)))
    });
    bench.finish();

    let mut bench = c.benchmark_group("workload_poll_call");
    bench.throughput(Throughput::Elements(ITEMS));
    each(&mut bench, group(Group::Workload), |c| {
        Some((c.sum_opaque)(black_box(ITEMS)))
    });
    bench.finish();
}

/// Create a stream, take its first item, drop it.
fn creation(c: &mut Criterion) {
    let mut bench = c.benchmark_group("create_first_drop");
    each(&mut bench, group(Group::Workload), |c| {
        (c.first)(black_box(ITEMS))
    });
    bench.finish();
}

/// `finally!` and an awaited ready future before each yield, against the
/// plain generator and the hand-written stream.
fn close_awareness(c: &mut Criterion) {
    let mut bench = c.benchmark_group("close_awareness");
    bench.throughput(Throughput::Elements(ITEMS));
    let plain = group(Group::Workload).filter(|c| c.name == "hand-written" || c.name == "asyncgen");
    each(&mut bench, plain.chain(group(Group::CloseAwareness)), |c| {
        Some((c.sum)(black_box(ITEMS)))
    });
    bench.finish();
}

/// A 64-byte local held across every yield.
fn local64(c: &mut Criterion) {
    let mut bench = c.benchmark_group("local64");
    bench.throughput(Throughput::Elements(ITEMS));
    each(&mut bench, group(Group::Local64), |c| {
        Some((c.sum)(black_box(ITEMS)))
    });
    bench.finish();
}

/// A `tokio::sync::mpsc` receive awaited before each yield, the channel fed
/// so that `recv` is ready (`mpsc`) or waits once per item (`mpsc_wait`),
/// against the raw channel (`hand-written+...`), on a tokio current-thread
/// runtime.
fn mpsc(c: &mut Criterion) {
    for (name, which) in [("mpsc", Group::Mpsc), ("mpsc_wait", Group::MpscWait)] {
        let mut bench = c.benchmark_group(name);
        bench.throughput(Throughput::Elements(ITEMS));
        each(&mut bench, group(which), |c| {
            Some((c.sum)(black_box(ITEMS)))
        });
        bench.finish();
    }
}

/// Fan-in: two and eight producers of 10000 items each into one channel of
/// capacity 64, on a multi-thread runtime with two workers and on a
/// current-thread runtime; one group per runtime and producer count. (The
/// `fan_in` bench runs the same contenders interleaved, with diagnostics.)
fn fan_in(c: &mut Criterion) {
    let runtimes = Runtimes::new();
    let flavours = [
        ("multi_thread", &runtimes.multi_thread),
        ("current_thread", &runtimes.current_thread),
    ];
    for (flavour, runtime) in flavours {
        for producers in [2, 8] {
            let shape = Shape {
                producers,
                items: 10_000,
                capacity: 64,
            };
            let mut bench = c.benchmark_group(format!("fan_in_{flavour}_{producers}p"));
            bench.throughput(Throughput::Elements(shape.total()));
            // A run takes milliseconds: the same number of runs per sample,
            // rather than criterion's 1, 2, ..., 50.
            bench.sampling_mode(SamplingMode::Flat);
            bench.measurement_time(Duration::from_secs(3));
            for contender in [
                fan_in::Contender::JoinSet,
                fan_in::Contender::AcmgrTaskGroup,
                fan_in::Contender::AcmgrTaskGroupStream,
            ] {
                bench.bench_function(contender.name(), |b| {
                    b.iter(|| contender.run(runtime, black_box(shape)))
                });
            }
            bench.finish();
        }
    }
}

criterion_group! {
    name = benches;
    // Shorter than criterion's defaults: a few minutes in all
    // on two cores.
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50);
    targets = workload, creation, close_awareness, local64, mpsc, fan_in
}
criterion_main!(benches);
