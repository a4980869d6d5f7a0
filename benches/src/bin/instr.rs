//! Runs one contender once, for `valgrind --tool=callgrind` to count its
//! instructions (see `benches/instructions.sh`, which differences two runs so
//! that process start-up and setup cancel).
//!
//! ```text
//! instr <contender> sum <n>          drain one stream of n items
//! instr <contender> sum-opaque <n>   the same, every poll_next a call never inlined
//! instr <contender> first <k>        k times: create a stream, take its first item, drop it
//! instr list                         print the contenders this build has
//! ```
//!
//! The pseudo-contender `none` goes through the same loop with no stream: its
//! count is the harness's own overhead.
//!
//! Built with `INSTR_SELECT=<contender>:<mode>` in the environment, the binary
//! contains that one contender in that one mode and nothing else (the other
//! branches are removed at compile time), and runs it whatever its first two
//! arguments say. Otherwise every generic function the modes share (a
//! generator's `poll_next`, its drop) has several callers, which moves the
//! optimiser's inlining decisions by a few instructions per item; the script
//! builds one binary per contender and mode for that reason.

use std::hint::black_box;
use std::process::ExitCode;

use asyncgen_benches::{CONTENDERS, Executor, contender, executor, with_contenders};

/// `<contender>:<mode>` to compile alone, from the build environment (unset
/// or empty: every contender, chosen at run time).
const SELECT: Option<&str> = match option_env!("INSTR_SELECT") {
    Some(select) if !select.is_empty() => Some(select),
    _ => None,
};

/// The streams of `first` mode are built this long, so none ends early.
const LONG: u64 = u64::MAX;

/// Whether [`SELECT`] is `name:mode`; evaluated at compile time.
const fn selects(name: &str, mode: &str) -> bool {
    let Some(select) = SELECT else {
        return false;
    };
    let (select, name, mode) = (select.as_bytes(), name.as_bytes(), mode.as_bytes());
    if select.len() != name.len() + 1 + mode.len() || select[name.len()] != b':' {
        return false;
    }
    let mut i = 0;
    while i < select.len() {
        let expected = if i < name.len() {
            name[i]
        } else if i == name.len() {
            b':'
        } else {
            mode[i - name.len() - 1]
        };
        if select[i] != expected {
            return false;
        }
        i += 1;
    }
    true
}

/// The selected contender's run as a function of the count: one branch per
/// contender and mode, all but the selected one removed at compile time.
/// Each contender runs on its group's executor (`executor!`), as in the
/// shared table.
macro_rules! selected {
    ($($(#[$attr:meta])* $name:literal, $group:ident, $make:path;)*) => {
        /// Runs the contender and mode of [`SELECT`]; `false` if it names none.
        fn run_selected(count: u64) -> bool {
            $(
                $(#[$attr])*
                {
                    if const { selects($name, "sum") } {
                        black_box(<executor!($group)>::drain($make(black_box(count))));
                        return true;
                    }
                    if const { selects($name, "sum-opaque") } {
                        black_box(<executor!($group)>::drain_opaque($make(black_box(count))));
                        return true;
                    }
                    if const { selects($name, "first") } {
                        for _ in 0..black_box(count) {
                            black_box(<executor!($group)>::first($make(black_box(LONG))));
                        }
                        return true;
                    }
                }
            )*
            if const { selects("none", "first") } {
                for _ in 0..black_box(count) {
                    black_box(black_box(LONG));
                }
                return true;
            }
            false
        }
    };
}

with_contenders!(selected);

/// Runs `name` in `mode` through the shared table (a build without
/// `INSTR_SELECT`).
fn run_dynamic(name: &str, mode: &str, count: u64) -> Result<(), String> {
    if name == "none" {
        for _ in 0..black_box(count) {
            black_box(black_box(LONG));
        }
        return Ok(());
    }
    let c = contender(name).ok_or_else(|| format!("no contender `{name}` (try `instr list`)"))?;
    let c = black_box(c);
    match mode {
        "sum" => {
            black_box((c.sum)(black_box(count)));
        }
        "sum-opaque" => {
            black_box((c.sum_opaque)(black_box(count)));
        }
        "first" => {
            for _ in 0..black_box(count) {
                black_box((c.first)(black_box(LONG)));
            }
        }
        _ => {
            return Err(format!(
                "mode is `sum`, `sum-opaque` or `first`, not `{mode}`"
            ));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args[..] {
        ["list"] if const { SELECT.is_none() } => {
            for c in CONTENDERS {
                println!("{}", c.name);
            }
            Ok(())
        }
        [name, mode, count] => match count.replace('_', "").parse::<u64>() {
            Err(_) => Err(format!("`{count}` is not a count")),
            Ok(count) if const { SELECT.is_some() } => {
                if run_selected(count) {
                    Ok(())
                } else {
                    Err(format!(
                        "INSTR_SELECT={SELECT:?} selects nothing in this build"
                    ))
                }
            }
            Ok(count) if const { SELECT.is_none() } => run_dynamic(name, mode, count),
            Ok(_) => unreachable!("SELECT is either set or not"),
        },
        _ => Err("usage: instr <contender> (sum | sum-opaque | first) <count> | instr list".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("instr: {message}");
            ExitCode::FAILURE
        }
    }
}
