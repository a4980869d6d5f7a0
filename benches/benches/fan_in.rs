//! Fan-in, interleaved: `#[acmgr]` + `TaskGroup` against hand-rolled
//! `JoinSet` + `mpsc`, two and eight producers, on a multi-thread runtime
//! with two workers and on a current-thread runtime, all in one run.
//!
//! ```text
//! cargo bench -p asyncgen-benches --bench fan_in [-- --rounds 200 --items 10000 --capacity 64 --producers 2,8]
//! ```
//!
//! `--runtime multi_thread` or `--runtime current_thread` keeps one runtime;
//! `--only <name>,<name>` keeps those contenders (and the baseline), by
//! their names in the tables: for a single contender under callgrind.
//!
//! Every round runs every (runtime, producers, contender) once, in a fresh
//! random order, each run a `block_on` of one whole fan-in (spawn the
//! producers, drain the channel, join); a ratio is a contender's time over
//! `joinset+mpsc`'s time for the same runtime and producer count in the same
//! round. The tables report the median of those per-round ratios with their
//! quartiles and 10th/90th percentiles, and the median absolute time. See
//! `asyncgen_benches::fan_in` for the contenders.
//!
//! Without `--bench` on the command line (`cargo test --benches`) it runs
//! three short rounds as a smoke test.

use asyncgen_benches::interleave::{Shuffle, quantile};
use std::hint::black_box;
use std::time::Instant;

use asyncgen_benches::fan_in::{Contender, Runtimes, Shape};

/// Command-line settings.
struct Settings {
    rounds: usize,
    items: u64,
    capacity: usize,
    producers: Vec<u64>,
    runtime: Option<String>,
    only: Option<Vec<String>>,
}

impl Settings {
    fn from_args() -> Settings {
        let args: Vec<String> = std::env::args().collect();
        let bench = args.iter().any(|a| a == "--bench");
        let value = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        let number = |name: &str, default: u64| {
            value(name).map_or(default, |v| v.replace('_', "").parse().expect("a number"))
        };
        Settings {
            rounds: number("--rounds", if bench { 200 } else { 3 }) as usize,
            items: number("--items", if bench { 10_000 } else { 1_000 }),
            capacity: number("--capacity", 64) as usize,
            producers: value("--producers").map_or(vec![2, 8], |v| {
                v.split(',')
                    .map(|p| p.parse().expect("a producer count"))
                    .collect()
            }),
            runtime: value("--runtime"),
            only: value("--only").map(|v| v.split(',').map(str::to_owned).collect()),
        }
    }
}

/// One table: a runtime and a producer count.
struct Config {
    runtime: usize,
    shape: Shape,
}

fn main() {
    let settings = Settings::from_args();
    let runtimes = Runtimes::new();
    let flavours = runtimes.each();
    let configs: Vec<Config> = (0..flavours.len())
        .filter(|&r| {
            settings
                .runtime
                .as_ref()
                .is_none_or(|name| name == flavours[r].0)
        })
        .flat_map(|runtime| {
            settings.producers.iter().map(move |&producers| Config {
                runtime,
                shape: Shape {
                    producers,
                    items: settings.items,
                    capacity: settings.capacity,
                },
            })
        })
        .collect();
    let contenders: Vec<Contender> = Contender::ALL
        .into_iter()
        .filter(|&c| {
            c == Contender::BASELINE
                || settings
                    .only
                    .as_ref()
                    .is_none_or(|only| only.iter().any(|name| name == c.name()))
        })
        .collect();
    assert!(
        !configs.is_empty(),
        "no runtime called {:?}",
        settings.runtime
    );
    let baseline = contenders
        .iter()
        .position(|&c| c == Contender::BASELINE)
        .expect("baseline");
    let warm_up = (settings.rounds / 20).clamp(1, 50);
    // times[config][contender] and ratios[config][contender]: seconds per
    // run and ratio to the baseline, one entry per round.
    let mut times = vec![vec![Vec::new(); contenders.len()]; configs.len()];
    let mut ratios = times.clone();
    let mut order: Vec<(usize, usize)> = (0..configs.len())
        .flat_map(|k| (0..contenders.len()).map(move |c| (k, c)))
        .collect();
    let mut shuffle = Shuffle(0x9e37_79b9_7f4a_7c15);
    let started = Instant::now();
    for round in 0..warm_up + settings.rounds {
        shuffle.shuffle(&mut order);
        let mut this = vec![vec![0.0; contenders.len()]; configs.len()];
        for &(k, c) in &order {
            let config = &configs[k];
            let runtime = flavours[config.runtime].1;
            let start = Instant::now();
            // `run` checks the sum.
            black_box(contenders[c].run(runtime, black_box(config.shape)));
            this[k][c] = start.elapsed().as_secs_f64();
        }
        if round < warm_up {
            continue;
        }
        for (k, row) in this.iter().enumerate() {
            for (c, &t) in row.iter().enumerate() {
                times[k][c].push(t);
                ratios[k][c].push(t / row[baseline]);
            }
        }
    }
    println!(
        "{} rounds (after {warm_up} warm-up rounds) in {:.0} s; {} items per producer, channel \
         capacity {}; ratio = time / {}'s time for the same runtime and producers in the same round",
        settings.rounds,
        started.elapsed().as_secs_f64(),
        settings.items,
        settings.capacity,
        Contender::BASELINE.name(),
    );
    for (k, config) in configs.iter().enumerate() {
        let shape = config.shape;
        println!();
        println!(
            "{}, {} producers x {} items = {} items per run:",
            flavours[config.runtime].0,
            shape.producers,
            shape.items,
            shape.total()
        );
        println!();
        println!(
            "| contender | median µs / run | median ns / item | median ratio | p25 - p75 | p10 - p90 |"
        );
        println!("| --- | ---: | ---: | ---: | ---: | ---: |");
        for (c, contender) in contenders.iter().enumerate() {
            let t = quantile(&mut times[k][c], 0.5);
            let r = &mut ratios[k][c];
            let [p10, p25, p50, p75, p90] = [0.1, 0.25, 0.5, 0.75, 0.9].map(|q| quantile(r, q));
            println!(
                "| {} | {:.0} | {:.1} | {p50:.3}x | {p25:.3} - {p75:.3} | {p10:.3} - {p90:.3} |",
                contender.name(),
                t * 1e6,
                t * 1e9 / shape.total() as f64,
            );
        }
    }
}
