//! Interleaved timing, for a noisy machine: every round runs every contender
//! once, in a fresh random order, and divides its time by the hand-written
//! stream's time in the same round; the tables report the median (and the
//! quartiles) of those per-round ratios. Load that comes and goes hits the
//! contenders of a round alike, so the ratios stay put where absolute times
//! do not.
//!
//! ```text
//! cargo bench -p asyncgen-benches --bench interleaved [-- --rounds 1000 --items 20000 --creations 2000]
//! ```
//!
//! Without `--bench` on the command line (`cargo test --benches`) it runs
//! three rounds as a smoke test.

use asyncgen_benches::interleave::{Shuffle, quantile};
use std::hint::black_box;
use std::time::Instant;

use asyncgen_benches::{BASELINE, CONTENDERS, Contender, expected};

/// What one round measures of each contender.
#[derive(Clone, Copy)]
enum Measure {
    /// Nanoseconds per item, draining a stream into the consumer.
    Item,
    /// Nanoseconds per item, each `poll_next` a call.
    ItemPollCall,
    /// Nanoseconds to create a stream, take its first item and drop it.
    Creation,
}

impl Measure {
    const ALL: [Measure; 3] = [Measure::Item, Measure::ItemPollCall, Measure::Creation];

    fn title(self) -> &'static str {
        match self {
            Measure::Item => "ns per item (drained by the consumer)",
            Measure::ItemPollCall => "ns per item (each `poll_next` a call)",
            Measure::Creation => "ns to create + first item + drop",
        }
    }
}

/// Command-line settings.
struct Settings {
    rounds: usize,
    items: u64,
    creations: u64,
}

impl Settings {
    fn from_args() -> Settings {
        let args: Vec<String> = std::env::args().collect();
        let bench = args.iter().any(|a| a == "--bench");
        let value = |name: &str, default: u64| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .map_or(default, |v| v.replace('_', "").parse().expect("a number"))
        };
        Settings {
            rounds: value("--rounds", if bench { 1000 } else { 3 }) as usize,
            items: value("--items", 20_000),
            creations: value("--creations", 2_000),
        }
    }
}

/// Seconds of one run of `measure` on `contender`, per unit.
fn time(contender: &Contender, measure: Measure, settings: &Settings) -> f64 {
    let start = Instant::now();
    let units = match measure {
        Measure::Item => {
            black_box((contender.sum)(black_box(settings.items)));
            settings.items
        }
        Measure::ItemPollCall => {
            black_box((contender.sum_opaque)(black_box(settings.items)));
            settings.items
        }
        Measure::Creation => {
            for _ in 0..settings.creations {
                black_box((contender.first)(black_box(u64::MAX)));
            }
            settings.creations
        }
    };
    start.elapsed().as_secs_f64() * 1e9 / units as f64
}

fn main() {
    let settings = Settings::from_args();
    for contender in CONTENDERS {
        let sum = (contender.sum)(1000);
        assert_eq!(sum, expected(contender.group, 1000), "{}", contender.name);
        assert_eq!((contender.sum_opaque)(1000), sum, "{}", contender.name);
    }
    let baseline = CONTENDERS
        .iter()
        .position(|c| c.name == BASELINE)
        .expect("baseline");
    let warm_up = (settings.rounds / 20).min(50);
    // times[measure][contender] and ratios[measure][contender]: one entry per round.
    let mut times = vec![vec![Vec::new(); CONTENDERS.len()]; Measure::ALL.len()];
    let mut ratios = times.clone();
    let mut order: Vec<(usize, usize)> = (0..Measure::ALL.len())
        .flat_map(|m| (0..CONTENDERS.len()).map(move |c| (m, c)))
        .collect();
    let mut shuffle = Shuffle(0x9e37_79b9_7f4a_7c15);
    for round in 0..warm_up + settings.rounds {
        shuffle.shuffle(&mut order);
        let mut this = vec![vec![0.0; CONTENDERS.len()]; Measure::ALL.len()];
        for &(m, c) in &order {
            this[m][c] = time(&CONTENDERS[c], Measure::ALL[m], &settings);
        }
        if round < warm_up {
            continue;
        }
        for (m, row) in this.iter().enumerate() {
            for (c, &t) in row.iter().enumerate() {
                times[m][c].push(t);
                ratios[m][c].push(t / row[baseline]);
            }
        }
    }
    println!(
        "{} rounds (after {warm_up} warm-up rounds), {} items per drain, {} creations per timing; \
         ratio = time / {BASELINE}'s time in the same round",
        settings.rounds, settings.items, settings.creations
    );
    for (m, measure) in Measure::ALL.iter().enumerate() {
        println!();
        println!("{}:", measure.title());
        println!();
        println!("| contender | median ns | median ratio | ratio p25 - p75 |");
        println!("| --- | ---: | ---: | ---: |");
        for (c, contender) in CONTENDERS.iter().enumerate() {
            let ns = quantile(&mut times[m][c], 0.5);
            let r = &mut ratios[m][c];
            let (p25, p50, p75) = (quantile(r, 0.25), quantile(r, 0.5), quantile(r, 0.75));
            println!(
                "| {} | {ns:.2} | {p50:.2}x | {p25:.2} - {p75:.2} |",
                contender.name
            );
        }
    }
}
